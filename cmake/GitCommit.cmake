# Writes OUTPUT, a header defining CP_COMMIT: the commit the source tree is
# at (with "-dirty" when it has changes), or "" outside a git checkout.
# Run at every build; the file is rewritten only when the commit changes,
# so nothing is rebuilt for nothing.
set(commit "")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" describe --always
            --dirty --abbrev=12 --match "v[0-9]*"
    OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET RESULT_VARIABLE failed)
  if(failed)
    set(commit "")
  endif()
endif()
set(text "/* Made by cmake/GitCommit.cmake. */\n#define CP_COMMIT \"${commit}\"\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
else()
  set(old "")
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
