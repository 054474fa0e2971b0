# cmake -DINPUT=... -DOUTPUT=... -DSYMBOL=... -P embed.cmake
# Writes a C++ file defining `const std::string& SYMBOL()` that returns INPUT's bytes. The bytes
# are written as an array, not a string literal, so any size compiles on every compiler.
file(READ "${INPUT}" HEX HEX)
string(LENGTH "${HEX}" HEX_LENGTH)
math(EXPR SIZE "${HEX_LENGTH} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," BYTES "${HEX}")
string(REGEX REPLACE "(('[^']*',){32})" "\\1\n" BYTES "${BYTES}")
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT}; do not edit.\n#include <string>\nnamespace sunlight::api {\nconst std::string& ${SYMBOL}();\nconst std::string& ${SYMBOL}() {\n  static const char bytes[] = {\n${BYTES}'\\0'};\n  static const std::string text(bytes, ${SIZE});\n  return text;\n}\n}  // namespace sunlight::api\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
