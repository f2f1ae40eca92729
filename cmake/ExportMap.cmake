# Writes the linker version script of libcareerpath.so: the functions the
# public header declares are exported, everything else stays inside.
#   cmake -DHEADER=include/careerpath.h -DOUTPUT=careerpath.map -P ExportMap.cmake
file(READ ${HEADER} text)
string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" text "${text}")
string(REGEX MATCHALL "[ *]cp_[a-z0-9_]+[ \t]*\\(" calls "${text}")
set(symbols "")
foreach(call ${calls})
  string(REGEX REPLACE "^[ *](cp_[a-z0-9_]+).*" "\\1" name "${call}")
  list(APPEND symbols ${name})
endforeach()
list(REMOVE_DUPLICATES symbols)
list(SORT symbols)
set(map "CAREERPATH_0 {\nglobal:\n")
foreach(name ${symbols})
  string(APPEND map "\t${name};\n")
endforeach()
string(APPEND map "local:\n\t*;\n};\n")
file(WRITE ${OUTPUT}.tmp "${map}")
# unchanged contents keep the library from relinking
configure_file(${OUTPUT}.tmp ${OUTPUT} COPYONLY)
file(REMOVE ${OUTPUT}.tmp)
