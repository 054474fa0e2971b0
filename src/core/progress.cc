#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

namespace sunlight {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)),
      total_(total),
      tty_(::isatty(STDERR_FILENO)),
      started_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::update(uint64_t done) {
  done_ = done;
  auto now = std::chrono::steady_clock::now();
  double fraction = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 0;
  if (fraction > 1) fraction = 1;
  double secs = std::chrono::duration<double>(now - started_).count();
  // A rate over a few milliseconds says nothing; show it once there is something to say.
  std::string rate =
      secs >= 0.5 ? std::to_string(static_cast<uint64_t>(static_cast<double>(done_) / secs)) + "/s"
                  : "";
  if (tty_) {
    if (now - last_draw_ < std::chrono::milliseconds(100) && done_ < total_) return;
    last_draw_ = now;
    int width = 30, filled = static_cast<int>(fraction * width);
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% %llu/%llu  %s ", label_.c_str(), filled,
                 "##############################", width - filled, "",
                 static_cast<int>(fraction * 100), static_cast<unsigned long long>(done_),
                 static_cast<unsigned long long>(total_), rate.c_str());
    std::fflush(stderr);
  } else {
    int decile = static_cast<int>(fraction * 10);
    if (decile == last_decile_) return;
    last_decile_ = decile;
    std::fprintf(stderr, "%s %3d%% %llu/%llu  %s\n", label_.c_str(), decile * 10,
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                 rate.c_str());
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (tty_ && last_draw_ != std::chrono::steady_clock::time_point{}) std::fprintf(stderr, "\n");
}

}  // namespace sunlight
