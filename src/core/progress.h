// A progress bar for long work (imports, generation, rebuilds, full verification), drawn on
// stderr: redrawn in place on a terminal, a line per 10% otherwise (CI logs).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sunlight {

class Progress {
 public:
  Progress(std::string label, uint64_t total);
  ~Progress();
  void set_total(uint64_t total) { total_ = total; }
  void update(uint64_t done);
  void finish();

 private:
  std::string label_;
  uint64_t total_;
  uint64_t done_ = 0;
  bool tty_;
  bool finished_ = false;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point started_, last_draw_;
};

}  // namespace sunlight
