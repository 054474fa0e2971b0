# cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed.cmake
# Writes a C++ file defining `const std::string& SYMBOL()` that returns INPUT's text.
file(READ "${INPUT}" CONTENT)
string(FIND "${CONTENT}" ")EMBED\"" CLASH)
if(NOT CLASH EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )EMBED\"")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT}; do not edit.\n#include <string>\nnamespace sunlight::api {\nconst std::string& ${SYMBOL}();\nconst std::string& ${SYMBOL}() {\n  static const std::string text = R\"EMBED(${CONTENT})EMBED\";\n  return text;\n}\n}  // namespace sunlight::api\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
