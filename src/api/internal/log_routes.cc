// The log over HTTP: C2SP tlog-tiles (checkpoint, tiles, entry bundles), the verifier key,
// and JSON conveniences (entries, proofs, checkpoint history).
#include <charconv>

#include "api/internal/routes.h"
#include "core/crypto.h"
#include "ledger/event.h"
#include "ledger/merkle.h"
#include "ledger/tiles.h"

namespace sunlight::api {
namespace {
namespace {

const std::vector<std::pair<std::string, std::string>> kImmutable = {
    {"Cache-Control", "public, max-age=31536000, immutable"}};
const std::vector<std::pair<std::string, std::string>> kFresh = {{"Cache-Control", "no-cache"}};

std::string b64(const crypto::Hash& h) { return crypto::base64(crypto::as_bytes(h)); }

nlohmann::json hashes_json(const std::vector<crypto::Hash>& hashes) {
  auto out = nlohmann::json::array();
  for (const auto& h : hashes) out.push_back(b64(h));
  return out;
}

Status beyond(const std::string& field, uint64_t size) {
  return Status::invalid_field(field, "超出日志当前大小 " + std::to_string(size),
                               "is beyond the current log size " + std::to_string(size));
}

}  // namespace

void log_checkpoint(Context& ctx, const Request&, const Reply& reply) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto cp = ctx.platform.log_reader().latest_checkpoint(c);
    if (!cp) {
      reply.problem(
          Status(Code::kUnavailable, "尚未发布检查点", "no checkpoint has been published yet"));
      return;
    }
    reply.text(200, "text/plain; charset=utf-8", cp->note, kFresh);
  });
}

void log_key(Context& ctx, const Request&, const Reply& reply) {
  reply.text(200, "text/plain; charset=utf-8", ctx.platform.signer().verifier_key() + "\n");
}

void log_tile(Context& ctx, const Request& req, const Reply& reply) {
  auto coord = ledger::parse_tile_path(req.params.at(0));
  if (!coord.is_ok()) {
    reply.problem(coord.status());
    return;
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto& reader = ctx.platform.log_reader();
    const auto& t = *coord;
    auto headers = t.partial() ? kFresh : kImmutable;
    if (t.entries) {
      uint64_t begin = t.index * ledger::kTileWidth;
      auto leaves = reader.entries(c, begin, static_cast<uint64_t>(t.width));
      if (leaves.size() != static_cast<size_t>(t.width)) {
        reply.problem(Status::not_found("该条目包尚不存在", "no such entry bundle (yet)"));
        return;
      }
      std::string bundle;
      for (const auto& leaf : leaves) ledger::append_bundle_entry(bundle, leaf);
      reply.text(200, "application/octet-stream", std::move(bundle), headers);
      return;
    }
    auto bytes = reader.tile(c, t.level, t.index, t.width);
    if (!bytes) {
      reply.problem(Status::not_found("该瓦片尚不存在", "no such tile (yet)"));
      return;
    }
    reply.text(200, "application/octet-stream", std::move(*bytes), headers);
  });
}

void log_entry(Context& ctx, const Request& req, const Reply& reply) {
  uint64_t index = 0;
  const auto& p = req.params.at(0);
  auto r = std::from_chars(p.data(), p.data() + p.size(), index);
  if (p.empty() || r.ec != std::errc() || r.ptr != p.data() + p.size()) {
    reply.problem(
        Status::invalid_field("index", "必须是非负整数", "must be a non-negative integer"));
    return;
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto leaf = ctx.platform.log_reader().entry(c, index);
    if (!leaf) {
      reply.problem(Status::not_found("日志中没有第 " + p + " 条", "the log has no entry " + p));
      return;
    }
    reply.json(200, {{"index", index},
                     {"leaf_hash", b64(ledger::leaf_hash(*leaf))},
                     {"entry", nlohmann::json::parse(*leaf)},
                     {"entry_bytes", crypto::base64(*leaf)}});
  });
}

void log_inclusion(Context& ctx, const Request& req, const Reply& reply) {
  auto index = query_uint(req, "index", true);
  auto size = query_uint(req, "size", false);
  if (auto s = Status::combine({&index.status(), &size.status()}); !s.is_ok())
    return reply.problem(s);
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto& reader = ctx.platform.log_reader();
    auto cp = reader.latest_checkpoint(c);
    uint64_t n = size->value_or(cp ? cp->size : 0);
    uint64_t logged = reader.size(c);
    uint64_t i = **index;
    if (n > logged) return reply.problem(beyond("size", logged));
    if (!*size && i < logged && i >= n)
      return reply.problem(
          Status(Code::kUnavailable, "该条目尚未被已签名的检查点覆盖，请稍后重试（检查点每秒发布）",
                 "the entry is not yet covered by a signed checkpoint; retry in a second"));
    if (i >= n)
      return reply.problem(
          Status::invalid_field("index", "必须小于 size（" + std::to_string(n) + "）",
                                "must be less than size (" + std::to_string(n) + ")"));
    auto nodes = reader.nodes(c);
    auto leaf = reader.entry(c, i);
    reply.json(200, {{"index", i},
                     {"size", n},
                     {"leaf_hash", b64(ledger::leaf_hash(*leaf))},
                     {"root", b64(ledger::root_hash(n, nodes))},
                     {"hashes", hashes_json(ledger::inclusion_proof(i, n, nodes))}});
  });
}

void log_consistency(Context& ctx, const Request& req, const Reply& reply) {
  auto old_size = query_uint(req, "old", true);
  auto new_size = query_uint(req, "new", false);
  if (auto s = Status::combine({&old_size.status(), &new_size.status()}); !s.is_ok())
    return reply.problem(s);
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto& reader = ctx.platform.log_reader();
    auto cp = reader.latest_checkpoint(c);
    uint64_t logged = reader.size(c);
    uint64_t n = new_size->value_or(cp ? cp->size : 0);
    uint64_t m = **old_size;
    if (n > logged) return reply.problem(beyond("new", logged));
    if (m > n)
      return reply.problem(
          Status::invalid_field("old", "不能大于 new（" + std::to_string(n) + "）",
                                "must not exceed new (" + std::to_string(n) + ")"));
    auto nodes = reader.nodes(c);
    reply.json(200, {{"old", m},
                     {"new", n},
                     {"old_root", b64(ledger::root_hash(m, nodes))},
                     {"new_root", b64(ledger::root_hash(n, nodes))},
                     {"hashes", hashes_json(ledger::consistency_proof(m, n, nodes))}});
  });
}

void log_checkpoints(Context& ctx, const Request& req, const Reply& reply) {
  auto after = query_uint(req, "after", false);
  auto limit = query_uint(req, "limit", false, 1000);
  if (auto s = Status::combine({&after.status(), &limit.status()}); !s.is_ok())
    return reply.problem(s);
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto list = ctx.platform.log_reader().checkpoints(c, after->value_or(0),
                                                      static_cast<int>(limit->value_or(100)));
    auto out = nlohmann::json::array();
    for (const auto& cp : list)
      out.push_back({{"size", cp.size},
                     {"root", b64(cp.root)},
                     {"published_at", cp.published_at},
                     {"note", cp.note}});
    reply.json(200, {{"checkpoints", out}});
  });
}

}  // namespace

std::vector<Route> log_routes() {
  std::vector<Route> routes = {
      {"GET", "/log/checkpoint", Access::kPublic, log_checkpoint,
       R"json({
         "operationId": "logCheckpoint",
         "summary": "Latest checkpoint",
         "description": "The latest signed checkpoint (C2SP tlog-checkpoint in a C2SP signed-note, Ed25519).",
         "tags": [
           "log"
         ],
         "responses": {
           "200": {
             "description": "Signed note",
             "content": {
               "text/plain": {
                 "schema": {
                   "type": "string"
                 }
               }
             }
           },
           "503": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/log/key", Access::kPublic, log_key,
       R"json({
         "operationId": "logKey",
         "summary": "Verifier key",
         "description": "The log's signed-note verifier key, `<origin>+<key hash>+<base64(0x01 || Ed25519 public key)>`. Pin it out of band.",
         "tags": [
           "log"
         ],
         "responses": {
           "200": {
             "description": "Verifier key",
             "content": {
               "text/plain": {
                 "schema": {
                   "type": "string"
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/log/tile/{tile_path}", Access::kPublic, log_tile,
       R"json({
         "operationId": "logTile",
         "summary": "Tiles and entry bundles",
         "description": "C2SP tlog-tiles: `tile/<L>/<N>[.p/<W>]` (hash tiles of height 8) and `tile/entries/<N>[.p/<W>]` (entry bundles: uint16 big-endian length-prefixed leaves). `{tile_path}` is everything after `/log/tile/`, e.g. `0/x001/234.p/5`. Full tiles are immutable and cacheable for a year.",
         "tags": [
           "log"
         ],
         "parameters": [
           {
             "name": "tile_path",
             "in": "path",
             "description": "`<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`; N in 3-digit groups, all but the last prefixed with x",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Tile bytes",
             "content": {
               "application/octet-stream": {
                 "schema": {
                   "type": "string",
                   "format": "binary"
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/log/entries/{index}", Access::kPublic, log_entry,
       R"json({
         "operationId": "logEntry",
         "summary": "One log entry",
         "description": "The leaf at `index`: its canonical JSON bytes (base64), parsed, and its RFC 9162 leaf hash. Leaves never hold personal data: personal payloads appear only as a salted commitment.",
         "tags": [
           "log"
         ],
         "parameters": [
           {
             "name": "index",
             "in": "path",
             "description": "Leaf index",
             "required": true,
             "schema": {
               "type": "integer",
               "minimum": 0
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Entry",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/Entry"
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           },
           "404": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/log/proof/inclusion", Access::kPublic, log_inclusion,
       R"json({
         "operationId": "logInclusionProof",
         "summary": "Inclusion proof",
         "description": "RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves (default: the latest checkpoint's size), computed from tiles. Without `size`, an entry committed after the latest checkpoint gets 503 with Retry-After until the next checkpoint (at most one interval) covers it.",
         "tags": [
           "log"
         ],
         "parameters": [
           {
             "name": "index",
             "in": "query",
             "description": "Leaf index",
             "required": true,
             "schema": {
               "type": "integer",
               "minimum": 0
             }
           },
           {
             "name": "size",
             "in": "query",
             "description": "Tree size; defaults to the latest checkpoint",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 1
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Proof",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/InclusionProof"
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           },
           "503": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/log/proof/consistency", Access::kPublic, log_consistency,
       R"json({
         "operationId": "logConsistencyProof",
         "summary": "Consistency proof",
         "description": "RFC 9162 consistency proof between tree sizes `old` and `new` (default: the latest checkpoint's size).",
         "tags": [
           "log"
         ],
         "parameters": [
           {
             "name": "old",
             "in": "query",
             "description": "Older tree size",
             "required": true,
             "schema": {
               "type": "integer",
               "minimum": 0
             }
           },
           {
             "name": "new",
             "in": "query",
             "description": "Newer tree size; defaults to the latest checkpoint",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Proof",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/ConsistencyProof"
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/log/checkpoints", Access::kPublic, log_checkpoints,
       R"json({
         "operationId": "logCheckpoints",
         "summary": "Checkpoint history",
         "description": "Published checkpoints in size order, for watching the log grow.",
         "tags": [
           "log"
         ],
         "parameters": [
           {
             "name": "after",
             "in": "query",
             "description": "Only checkpoints of a larger size",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0
             }
           },
           {
             "name": "limit",
             "in": "query",
             "description": "At most this many (≤ 1000, default 100)",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0,
               "maximum": 1000
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Checkpoints",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "checkpoints": {
                       "type": "array",
                       "items": {
                         "$ref": "#/components/schemas/StoredCheckpoint"
                       }
                     }
                   }
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
  };
  return routes;
}

}  // namespace sunlight::api
