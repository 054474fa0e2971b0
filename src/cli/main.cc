// sunlight — the one binary: serve, import, verify, rebuild, token, officer.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "api/server.h"
#include "app/demo.h"
#include "app/export.h"
#include "app/gen.h"
#include "app/import.h"
#include "app/platform.h"
#include "catalog/analyses.h"
#include "cli/report.h"
#include "cli/verify.h"
#include "cli/verify_credential.h"
#include "core/progress.h"
#include "identity/identity.h"

#ifndef SUNLIGHT_SOURCE_DATA_DIR
#define SUNLIGHT_SOURCE_DATA_DIR "data"
#endif

namespace {

using namespace sunlight;

int fail(const Status& s) {
  std::cerr << "错误 error: " << s.message_zh() << "\n       " << s.message_en() << "\n";
  constexpr size_t kShown = 100;
  for (size_t i = 0; i < s.errors().size() && i < kShown; ++i) {
    const auto& e = s.errors()[i];
    std::cerr << "  " << e.field << ": " << e.message_zh << " / " << e.message_en << "\n";
  }
  if (s.errors().size() > kShown)
    std::cerr << "  … 另有 " << s.errors().size() - kShown << " 处 / and "
              << s.errors().size() - kShown << " more\n";
  return 1;
}

// Splits "host:port" (or ":port", or "port").
bool parse_listen(const std::string& listen, std::string& host, uint16_t& port) {
  auto colon = listen.rfind(':');
  std::string p = colon == std::string::npos ? listen : listen.substr(colon + 1);
  if (colon != std::string::npos) host = listen.substr(0, colon);
  if (host.empty()) host = "127.0.0.1";
  try {
    int n = std::stoi(p);
    if (n <= 0 || n > 65535) return false;
    port = static_cast<uint16_t>(n);
    return true;
  } catch (...) {
    return false;
  }
}

int run_import(app::Platform& platform, const std::filesystem::path& dir,
               const std::string& actor) {
  std::unique_ptr<Progress> bar;
  std::string phase;
  auto report =
      app::import_directory(platform.sequencer(), ledger::Actor::system_actor(actor), dir,
                            [&](const app::ImportProgress& p) {
                              if (p.phase != phase) {
                                if (bar) bar->finish();
                                phase = p.phase;
                                bar = std::make_unique<Progress>(
                                    p.phase == "check" ? "检查 check" : "写入 write", p.total);
                              }
                              bar->update(p.done);
                            });
  if (bar) bar->finish();
  if (!report.is_ok()) {
    std::cerr << "导入失败，未写入任何数据 / import failed, nothing was written\n";
    return fail(report.status());
  }
  platform.sequencer().publish_now();  // the import is covered by a checkpoint at once
  platform.wait_for_index(platform.sequencer().size());
  for (const auto& [file, n] : report->records) std::cout << "  " << file << ": " << n << "\n";
  std::cout << "imported " << report->events << " events, log entries " << report->first_index
            << "–" << report->last_index << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Sunlight 阳光政务平台 — a verifiable digital-government platform"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sunlight 0.1.0");

  std::string data_dir = "sunlight-data";
  std::string origin;
  std::string synonyms = std::string(SUNLIGHT_SOURCE_DATA_DIR) + "/search/synonyms.txt";
  std::string calendar = std::string(SUNLIGHT_SOURCE_DATA_DIR) + "/calendar";
  int warn_days = 2, rectify_contact_days = 1, rectify_fix_days = 15;
  std::string public_url;

  // serve
  auto* serve = app.add_subcommand("serve", "Run the platform's HTTP server");
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
  std::string demo_data = std::string(SUNLIGHT_SOURCE_DATA_DIR) + "/demo";
  int checkpoint_ms = 1000;
  size_t threads = 4;
  std::string access_log = "-";
  std::string web_dir = SUNLIGHT_WEB_DIR;
  serve->add_option("--data", data_dir, "Data directory")->capture_default_str();
  serve->add_option("--listen", listen, "Address to listen on, host:port")->capture_default_str();
  serve->add_flag("--demo", demo, "Load the demo region on first start and enable demo login");
  serve->add_option("--demo-data", demo_data, "Directory of the demo dataset")
      ->capture_default_str();
  uint64_t demo_population = 100000;
  serve
      ->add_option("--demo-population", demo_population,
                   "Persons in the demo's synthetic registers")
      ->capture_default_str()
      ->check(CLI::Range(100, 10000000));
  serve->add_option("--origin", origin, "The log's origin line (fixed at first start)");
  serve->add_option("--checkpoint-interval", checkpoint_ms, "Milliseconds between checkpoints")
      ->capture_default_str()
      ->check(CLI::Range(10, 3600000));
  serve->add_option("--threads", threads, "HTTP worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  serve->add_option("--access-log", access_log, "Access log file, '-' for stdout, '' for none")
      ->capture_default_str();
  serve->add_option("--web", web_dir, "The built web UI ('' for none)")->capture_default_str();
  size_t max_connections = 0, max_connections_per_address = 256;
  serve
      ->add_option("--max-connections", max_connections,
                   "Connections open at once; more are closed at once (0: as many as the "
                   "descriptor limit allows)")
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-address", max_connections_per_address,
                   "Connections open at once from one client address; more are closed at once "
                   "(0: no limit, for a server behind a reverse proxy)")
      ->capture_default_str();
  serve->add_option("--synonyms", synonyms, "Search synonyms file ('' for none)")
      ->capture_default_str();
  serve
      ->add_option("--calendar", calendar,
                   "Working-day calendar directory of <year>.json ('' for weekends only)")
      ->capture_default_str();
  serve
      ->add_option("--warn-days", warn_days, "Warn this many working days before a case's deadline")
      ->capture_default_str()
      ->check(CLI::Range(0, 30));
  serve
      ->add_option("--rectify-contact-days", rectify_contact_days,
                   "A bad rating: working days to contact the applicant")
      ->capture_default_str()
      ->check(CLI::Range(1, 30));
  serve->add_option("--rectify-fix-days", rectify_fix_days, "A bad rating: working days to fix")
      ->capture_default_str()
      ->check(CLI::Range(1, 120));
  serve->add_option(
      "--public-url", public_url,
      "The platform's public base URL: e-licences name it as issuer (default http://<listen>)");

  // verify-credential
  auto* verify_cred =
      app.add_subcommand("verify-credential", "Verify an e-licence (vc+jwt) offline");
  cli::CredentialCheckOptions cco;
  verify_cred->add_option("file", cco.file, "File holding the compact vc+jwt")->required();
  verify_cred->add_option("--jwks", cco.jwks, "The issuer's JWKS file (else fetched from --url)");
  verify_cred->add_option("--url", cco.url,
                          "The platform's base URL, for the JWKS and status lists");
  verify_cred->add_option("--status-list", cco.status_lists,
                          "A status list credential file (repeatable; offline)");

  // import
  auto* import =
      app.add_subcommand("import", "Import a catalogue directory (docs/import-format.md)");
  std::string import_dir;
  import->add_option("--data", data_dir, "Data directory")->capture_default_str();
  import->add_option("--origin", origin, "The log's origin line, for a new data directory");
  import->add_option("--synonyms", synonyms, "Search synonyms file ('' for none)")
      ->capture_default_str();
  import->add_option("directory", import_dir, "Directory of .jsonl files")->required();

  // export
  auto* exp = app.add_subcommand("export", "Write the catalogue back in the import format");
  std::string export_dir;
  exp->add_option("--data", data_dir, "Data directory")->capture_default_str();
  exp->add_option("directory", export_dir, "Directory to write the .jsonl files into")->required();

  // analyse
  auto* analyse = app.add_subcommand(
      "analyse", "Report overlaps, circular proofs, regional differences and missing legal basis");
  std::string which_report = "all";
  bool as_json = false;
  std::string only_region, catalog_code;
  analyse->add_option("--data", data_dir, "Data directory")->capture_default_str();
  analyse->add_option("report", which_report, "overlaps, cycles, comparison, unfounded or all")
      ->capture_default_str()
      ->check(CLI::IsMember({"overlaps", "cycles", "comparison", "unfounded", "all"}));
  analyse->add_option("--region", only_region, "Only this region (overlaps, cycles)");
  analyse->add_option("--catalog-code", catalog_code, "Only this catalogue code (comparison)");
  analyse->add_flag("--json", as_json, "Print JSON instead of text");

  // gen
  auto* gen = app.add_subcommand("gen", "Generate synthetic data at scale (for benchmarks)");
  gen->require_subcommand(1);
  auto* gen_catalogue =
      gen->add_subcommand("catalogue", "A synthetic catalogue in the import format");
  app::GenOptions go;
  std::string gen_out;
  gen_catalogue->add_option("--items", go.items, "Service items")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  gen_catalogue->add_option("--seed", go.seed, "Random seed")->capture_default_str();
  gen_catalogue->add_option("directory", gen_out, "Directory to write into")->required();

  auto* gen_population =
      gen->add_subcommand("population", "A synthetic population for the demo's registers");
  app::PopulationOptions pop;
  std::string pop_out;
  gen_population->add_option("--persons", pop.persons, "Persons")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000000));
  gen_population->add_option("--businesses", pop.businesses, "Businesses")
      ->capture_default_str()
      ->check(CLI::Range(0, 10000000));
  gen_population->add_option("--seed", pop.seed, "Random seed")->capture_default_str();
  gen_population->add_option("directory", pop_out, "Directory to write registers/ into")
      ->required();

  // verify
  auto* verify = app.add_subcommand("verify", "Audit a Sunlight log against its pinned key");
  cli::VerifyOptions vo;
  verify->add_option("--url", vo.url, "Base URL of the log, e.g. http://127.0.0.1:8080")
      ->required();
  verify->add_option("--key", vo.key, "Verifier key (name+hash+base64) or a file holding it")
      ->required();
  verify->add_option("--state", vo.state_file, "File keeping the last verified checkpoint");
  verify->add_flag("--full", vo.full, "Re-hash every entry and check every tile");
  verify->add_option("--samples", vo.samples, "Random inclusion checks without --full")
      ->capture_default_str();

  // rebuild
  auto* rebuild = app.add_subcommand(
      "rebuild", "Replay the log into fresh tables and compare with the live ones");
  std::string scratch;
  bool keep = false;
  rebuild->add_option("--data", data_dir, "Data directory")->capture_default_str();
  rebuild->add_option("--into", scratch,
                      "Where to build the fresh store (default: DATA/rebuild.db)");
  rebuild->add_flag("--keep", keep, "Keep the rebuilt store");

  // token
  auto* token = app.add_subcommand("token", "Issue an access token for an officer");
  std::string officer_id;
  int ttl = 8 * 3600;
  token->add_option("--data", data_dir, "Data directory")->capture_default_str();
  token->add_option("--officer", officer_id, "Officer id")->required();
  token->add_option("--ttl", ttl, "Lifetime in seconds")
      ->capture_default_str()
      ->check(CLI::Range(60, 30 * 86400));

  // officer add
  auto* officer = app.add_subcommand("officer", "Manage officers directly in a data directory");
  officer->require_subcommand(1);
  auto* officer_add =
      officer->add_subcommand("add", "Add an officer (for bootstrapping the first administrator)");
  identity::CreateOfficer oc;
  officer_add->add_option("--data", data_dir, "Data directory")->capture_default_str();
  officer_add->add_option("--origin", origin, "The log's origin line, for a new data directory");
  officer_add->add_option("--id", oc.id, "Officer id")->required();
  officer_add->add_option("--org", oc.org, "Organisation (unified social credit code)")->required();
  officer_add->add_option("--name", oc.name, "Name")->required();
  officer_add->add_option("--role", oc.roles, "Role: admin, officer or auditor (repeatable)")
      ->required();

  auto* openapi = app.add_subcommand(
      "openapi", "Print the OpenAPI document the server serves at /openapi.json");
  std::string openapi_out;
  openapi->add_option("--out", openapi_out, "Write it to this file instead");

  auto* events = app.add_subcommand(
      "events", "Print docs/events.md: every event type the log holds, from the code's types");

  CLI11_PARSE(app, argc, argv);
  auto platform_options = [&] {
    app::PlatformOptions o;
    o.data_dir = data_dir;
    o.origin = origin;
    o.synonyms = synonyms;
    o.calendar = calendar;
    o.warn_days = warn_days;
    o.rectify_contact_days = rectify_contact_days;
    o.rectify_fix_days = rectify_fix_days;
    o.public_url = public_url;
    return o;
  };
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  if (*events) {
    std::cout << app::event_types_markdown();
    return 0;
  }

  if (*openapi) {
    if (openapi_out.empty()) {
      std::cout << api::openapi_document() << "\n";
      return 0;
    }
    std::ofstream out(openapi_out, std::ios::binary | std::ios::trunc);
    out << api::openapi_document() << "\n";
    if (!out) return fail(Status::internal("cannot write " + openapi_out));
    return 0;
  }

  if (*serve) {
    api::ServerOptions so;
    if (!parse_listen(listen, so.address, so.port))
      return fail(Status::invalid_field("--listen", "应为 host:port", "must be host:port"));
    so.threads = threads;
    so.demo = demo;
    so.access_log = access_log;
    so.web_dir = web_dir;
    so.max_connections = max_connections;
    so.max_connections_per_address = max_connections_per_address;
    // Signals are taken by sigwait below, never by a worker thread.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    app::PlatformOptions po = platform_options();
    po.checkpoint_interval = std::chrono::milliseconds(checkpoint_ms);
    if (po.public_url.empty()) po.public_url = "http://" + listen;
    auto platform = app::Platform::open(po);
    if (!platform.is_ok()) return fail(platform.status());
    auto& p = **platform;
    p.start();
    if (demo && p.sequencer().size() == 0) {
      std::cout << "loading the demo region from " << demo_data << " …\n";
      if (int rc = run_import(p, demo_data, "demo")) return rc;
    }
    if (demo) {
      std::cout << "loading the demo population (" << demo_population << " persons) …" << std::endl;
      auto citizen = app::load_demo_population(p, demo_population,
                                               std::filesystem::path(data_dir) / "demo-population");
      if (!citizen.is_ok()) return fail(citizen.status());
      std::cout << "demo citizen: " << *citizen << " (POST /api/v1/auth/demo-login {\"citizen\": \""
                << *citizen << "\"})" << std::endl;
    }
    api::Server server(p, so);
    try {
      server.start();
    } catch (const std::exception& e) {
      return fail(Status(Code::kUnavailable, std::string("无法监听 ") + listen + "：" + e.what(),
                         "cannot listen on " + listen + ": " + e.what()));
    }
    std::cout << "Sunlight is serving http://" << so.address << ":" << so.port << "/  (log origin "
              << p.origin() << ", verifier key " << p.signer().verifier_key() << ")" << std::endl;
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {}: draining", sig);
    server.drain(std::chrono::seconds(30));
    p.stop();  // commits everything queued, publishes a last checkpoint
    server.stop();
    spdlog::info("stopped; log size {}", p.sequencer().size());
    return 0;
  }

  if (*import) {
    auto platform = app::Platform::open(platform_options());
    if (!platform.is_ok()) return fail(platform.status());
    (*platform)->start();
    int rc = run_import(**platform, import_dir, "import");
    (*platform)->stop();
    return rc;
  }

  if (*verify) return cli::verify(vo);
  if (*verify_cred) return cli::verify_credential(cco);

  if (*gen_catalogue) {
    std::unique_ptr<Progress> bar;
    auto counts = app::generate_catalogue(go, gen_out, [&](uint64_t done, uint64_t total) {
      if (!bar) bar = std::make_unique<Progress>("gen", total);
      bar->update(done);
    });
    if (bar) bar->finish();
    if (!counts.is_ok()) return fail(counts.status());
    std::cout << counts->regions << " regions, " << counts->organisations << " organisations, "
              << counts->laws << " laws, " << counts->powers << " powers, " << counts->resources
              << " data resource, " << counts->items << " items → " << gen_out << "\n";
    return 0;
  }

  if (*gen_population) {
    std::unique_ptr<Progress> bar;
    auto counts = app::generate_population(pop, pop_out, [&](uint64_t done, uint64_t total) {
      if (!bar) bar = std::make_unique<Progress>("gen", total);
      bar->update(done);
    });
    if (bar) bar->finish();
    if (!counts.is_ok()) return fail(counts.status());
    std::cout << counts->persons << " persons, " << counts->businesses << " businesses, "
              << counts->records << " register records → " << pop_out << "/registers\n";
    return 0;
  }

  if (*exp) {
    auto reader = app::open_reader(data_dir);
    std::unique_ptr<Progress> bar;
    auto counts = app::export_directory(*reader, export_dir, [&](uint64_t done, uint64_t total) {
      if (!bar) bar = std::make_unique<Progress>("export", total);
      bar->update(done);
    });
    if (bar) bar->finish();
    if (!counts.is_ok()) return fail(counts.status());
    for (const auto& [file, n] : *counts) std::cout << "  " << file << ": " << n << "\n";
    return 0;
  }

  if (*analyse) {
    auto reader = app::open_reader(data_dir);
    auto facts = catalog::load_facts(*reader);
    std::optional<std::string> region =
        only_region.empty() ? std::nullopt : std::optional(only_region);
    nlohmann::json out;
    if (which_report == "overlaps" || which_report == "all")
      out["overlaps"] = catalog::find_overlaps(facts, region);
    if (which_report == "cycles" || which_report == "all")
      out["cycles"] = catalog::find_cycles(facts, region);
    if (which_report == "comparison" || which_report == "all")
      out["comparison"] = catalog::compare_regions(
          facts, catalog_code.empty() ? std::nullopt : std::optional(catalog_code));
    if (which_report == "unfounded" || which_report == "all")
      out["unfounded"] = catalog::find_unfounded(facts);
    if (as_json) {
      std::cout << out.dump(2) << "\n";
    } else {
      cli::print_analyses(std::cout, out);
    }
    return 0;
  }

  if (*rebuild) {
    auto target = scratch.empty() ? std::filesystem::path(data_dir) / "rebuild.db"
                                  : std::filesystem::path(scratch);
    std::unique_ptr<Progress> bar;
    auto report = app::rebuild(data_dir, target, [&](uint64_t done, uint64_t total) {
      if (!bar) bar = std::make_unique<Progress>("replay", total);
      bar->update(done);
    });
    if (bar) bar->finish();
    if (!keep) {
      for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(target.string() + suffix);
    }
    if (!report.is_ok()) return fail(report.status());
    std::cout << "replayed " << report->entries << " entries\n";
    for (const auto& t : report->tables_equal) std::cout << "  equal    " << t << "\n";
    for (const auto& d : report->differences) std::cout << "  DIFFERENT " << d << "\n";
    if (!report->ok()) {
      std::cerr << "rebuild differs from the live tables\n";
      return 1;
    }
    std::cout << "OK: the rebuilt tables equal the live ones\n";
    return 0;
  }

  if (*token) {
    auto issuer = app::load_token_issuer(data_dir);
    if (!issuer.is_ok()) return fail(issuer.status());
    auto reader = app::open_reader(data_dir);
    auto o = identity::find_officer(*reader, officer_id);
    if (!o)
      return fail(Status::not_found("工作人员 " + officer_id + " 不存在",
                                    "officer " + officer_id + " does not exist"));
    if (!o->active)
      return fail(
          Status(Code::kFailedPrecondition, "该工作人员已停用", "the officer is deactivated"));
    std::cout << issuer->issue(*o, std::chrono::seconds(ttl)) << "\n";
    return 0;
  }

  if (*officer_add) {
    nlohmann::json body = {{"id", oc.id}, {"org", oc.org}, {"name", oc.name}, {"roles", oc.roles}};
    auto cmd = identity::parse_create_officer(body);
    if (!cmd.is_ok()) return fail(cmd.status());
    auto platform = app::Platform::open(platform_options());
    if (!platform.is_ok()) return fail(platform.status());
    (*platform)->start();
    auto out = (*platform)->sequencer().execute(ledger::Actor::system_actor("cli"),
                                                identity::create_officer(*cmd));
    (*platform)->stop();
    if (!out.status.is_ok()) return fail(out.status);
    std::cout << "officer " << oc.id << " added at log index " << out.receipts.at(0).index << "\n";
    return 0;
  }
  return 0;
}
