# The warning flags every Sunlight target builds with. CI turns them into errors.
set(SUNLIGHT_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough -Wformat=2 -Wmissing-declarations)
if(SUNLIGHT_WERROR)
  list(APPEND SUNLIGHT_WARNINGS -Werror)
endif()

set(SUNLIGHT_SANITIZER_FLAGS)
if(SUNLIGHT_SANITIZE)
  set(SUNLIGHT_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
  add_compile_options(${SUNLIGHT_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined)
endif()

# sunlight_module(<name> SOURCES ... DEPS ...) declares one module library, sunlight_<name>.
function(sunlight_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(sunlight_${name} STATIC ${M_SOURCES})
  target_include_directories(sunlight_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(sunlight_${name} PRIVATE ${SUNLIGHT_WARNINGS})
  target_link_libraries(sunlight_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
endfunction()
