#include "app/import_jobs.h"

#include <algorithm>
#include <fstream>

#include "core/crypto.h"
#include "core/time.h"

namespace sunlight::app {

const char* state_name(ImportJob::State state) {
  switch (state) {
    case ImportJob::State::kChecking:
      return "checking";
    case ImportJob::State::kWriting:
      return "writing";
    case ImportJob::State::kDone:
      return "done";
    case ImportJob::State::kFailed:
      return "failed";
  }
  return "unknown";
}

ImportJobs::ImportJobs(ledger::Sequencer& sequencer, std::filesystem::path work_dir)
    : sequencer_(sequencer), work_dir_(std::move(work_dir)) {}

ImportJobs::~ImportJobs() {
  if (worker_.joinable()) worker_.join();
}

Result<std::string> ImportJobs::start(const ledger::Actor& actor,
                                      const std::map<std::string, std::string>& files) {
  std::vector<FieldError> errors;
  const auto& known = import_files();
  for (const auto& [name, text] : files)
    if (std::find(known.begin(), known.end(), name) == known.end())
      errors.push_back(FieldError{"/files/" + name, "不是可导入的文件名（见导入格式说明）",
                                  "is not one of the import files (see the import format)"});
  if (files.empty())
    errors.push_back(FieldError{"/files", "至少需要一个文件", "needs at least one file"});
  if (!errors.empty()) return Status::invalid(std::move(errors));

  std::unique_lock lock(mu_);
  if (running_)
    return Status(Code::kFailedPrecondition, "另一个导入正在进行，请等它完成",
                  "another import is running; wait for it to finish");
  if (worker_.joinable()) worker_.join();  // the previous one has finished

  ImportJob job;
  job.id = "imp-" + crypto::hex(crypto::random_bytes(8));
  job.actor = actor.officer.empty() ? actor.system : actor.officer;
  job.started_ms = timeutil::now_millis();
  auto dir = work_dir_ / job.id;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (const auto& [name, text] : files) {
    std::ofstream out(dir / name, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) ec = std::make_error_code(std::errc::io_error);
  }
  if (ec) {
    std::filesystem::remove_all(dir, ec);
    return Status::internal("could not write the uploaded files: " + (dir.string()));
  }
  jobs_[job.id] = job;
  order_.push_back(job.id);
  while (order_.size() > 50) {
    jobs_.erase(order_.front());
    order_.erase(order_.begin());
  }
  running_ = true;
  worker_ = std::thread(&ImportJobs::run, this, job.id, actor, dir);
  return job.id;
}

void ImportJobs::run(std::string id, ledger::Actor actor, std::filesystem::path dir) {
  Result<ImportReport> result = Status::internal("the import stopped unexpectedly");
  try {
    result = import_directory(sequencer_, actor, dir, [&](const ImportProgress& p) {
      std::lock_guard lock(mu_);
      auto& job = jobs_[id];
      job.progress = p;
      job.state = p.phase == "write" ? ImportJob::State::kWriting : ImportJob::State::kChecking;
    });
  } catch (const std::exception& e) {
    result = Status::internal(std::string("the import stopped: ") + e.what());
  }
  if (result.is_ok()) sequencer_.publish_now();  // the import is covered by a checkpoint at once
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::lock_guard lock(mu_);
  auto& job = jobs_[id];
  job.finished_ms = timeutil::now_millis();
  if (result.is_ok()) {
    job.state = ImportJob::State::kDone;
    job.report = std::move(result).value();
  } else {
    job.state = ImportJob::State::kFailed;
    job.failure = result.status();
  }
  running_ = false;
}

std::optional<ImportJob> ImportJobs::get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second;
}

std::vector<ImportJob> ImportJobs::list() const {
  std::lock_guard lock(mu_);
  std::vector<ImportJob> out;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) out.push_back(jobs_.at(*it));
  return out;
}

}  // namespace sunlight::app
