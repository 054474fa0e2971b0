// Text reports of the analyses for `sunlight analyse`.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

namespace sunlight::cli {

void print_analyses(std::ostream& out, const nlohmann::json& findings);

}  // namespace sunlight::cli
