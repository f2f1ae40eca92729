# Writes careerpath(1): docs/careerpath.1.in with the synopsis, options and
# commands that the program prints from its own tables.
#   cmake -DCLI=... -DTEMPLATE=... -DOUTPUT=... -DPROJECT_VERSION=...
#         -DCP_MAN_GRAPHS=... -P ManPage.cmake
foreach(part synopsis options commands)
  execute_process(COMMAND ${CLI} help --man ${part}
                  OUTPUT_VARIABLE text RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "'careerpath help --man ${part}' failed: ${status}")
  endif()
  string(TOUPPER ${part} name)
  string(STRIP "${text}" CP_MAN_${name})
endforeach()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
