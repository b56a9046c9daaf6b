# Writes a C++ source that defines `const char* const ${NAME}` holding the text of ${INPUT}.
# Run as: cmake -DINPUT=file -DOUTPUT=file.cpp -DNAME=symbol -DNAMESPACE=ns -P EmbedText.cmake
file(READ "${INPUT}" content)
set(delim "assetmap_embed")
string(FIND "${content}" ")${delim}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delim}\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake; do not edit.\n"
  "namespace ${NAMESPACE} {\n"
  "extern const char* const ${NAME};\n"
  "const char* const ${NAME} = R\"${delim}(${content})${delim}\";\n"
  "}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
