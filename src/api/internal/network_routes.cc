// The function network over HTTP: laws, powers, service items and life events (list, read,
// history, publish, amend, repeal), their linked-data views, the access policy check and
// the analyses.
#include "api/internal/routes.h"
#include "catalog/analyses.h"
#include "catalog/directory.h"
#include "catalog/jsonld.h"
#include "catalog/policy.h"
#include "identity/identity.h"
#include "search/search.h"

namespace sunlight::api {
namespace {
namespace {

using catalog::Kind;
using nlohmann::json;

Status no_such(Kind kind, const std::string& key) {
  return Status::not_found(std::string(catalog::kind_name(kind)) + " " + key + " 不存在",
                           std::string("no such ") + catalog::kind_name(kind) + " " + key);
}

std::string org_name(store::Connection& c, const std::string& id) {
  auto o = catalog::find_organisation(c, id);
  return o ? o->name : "";
}

std::string base_iri(Context& ctx) { return "https://" + ctx.platform.origin() + "/"; }

template <typename Fn>
void with_facts(Context& ctx, const Reply& reply, Fn fn) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    store::Transaction snapshot(c, false);
    fn(catalog::load_facts(c));
  });
}

}  // namespace

void records_list(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  catalog::ListFilter f;
  f.region = req.query("region");
  f.org = req.query("org");
  f.type = req.query("type");
  f.catalog_code = req.query("catalog_code");
  f.query = req.query("q");
  if (kind == Kind::kItem) f.power = req.query("power");
  f.include_repealed = req.query("include_repealed").value_or("") == "true";
  auto limit = query_uint(req, "limit", false, 1000);
  auto offset = query_uint(req, "offset", false, 10000000);
  if (auto s = Status::combine({&limit.status(), &offset.status()}); !s.is_ok())
    return reply.problem(s);
  f.limit = static_cast<int>(limit->value_or(100));
  f.offset = static_cast<int>(offset->value_or(0));
  if (f.type) {
    const auto* allowed = catalog::kind_routes(kind).types;
    if (allowed && std::find(allowed->begin(), allowed->end(), *f.type) == allowed->end())
      return reply.problem(Status::invalid_field("type", "不认识的类型", "unknown type"));
  }
  with_reader(ctx, reply, [&](store::Connection& c) {
    json list = json::array();
    for (const auto& row : catalog::list_records(c, kind, f))
      list.push_back(catalog::summarise_record(c, row));
    reply.json(200, {{catalog::plural_name(kind), list},
                     {"total", catalog::count_records(c, kind, f)},
                     {"limit", f.limit},
                     {"offset", f.offset}});
  });
}

void record_get(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto row = catalog::find_record(c, kind, req.params.at(0));
    if (!row) return reply.problem(no_such(kind, req.params.at(0)));
    reply.json(200, catalog::present_record(c, *row));
  });
}

void record_history(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  with_reader(ctx, reply, [&](store::Connection& c) {
    const auto& key = req.params.at(0);
    if (!catalog::find_record(c, kind, key)) return reply.problem(no_such(kind, key));
    json out = json::array();
    json previous;
    for (const auto& v : catalog::versions(c, kind, key)) {
      // What changed: the members whose value differs from the version before.
      json changed = json::array();
      if (v.doc.is_object())
        for (auto it = v.doc.begin(); it != v.doc.end(); ++it)
          if (!previous.is_object() || previous.value(it.key(), json()) != it.value())
            changed.push_back(it.key());
      json by = v.actor;
      if (v.actor.contains("org")) by["org_name"] = org_name(c, v.actor.at("org"));
      out.push_back({{"version", v.version},
                     {"index", v.index},
                     {"type", v.type},
                     {"time", v.time},
                     {"effective", v.effective},
                     {"basis", v.basis},
                     {"record", v.doc},
                     {"by", by},
                     {"changed", previous.is_null() ? json::array() : changed},
                     {"proof", "/api/v1/log/proof/inclusion?index=" + std::to_string(v.index)}});
      if (v.doc.is_object()) previous = v.doc;
    }
    reply.json(200, {{"history", out}});
  });
}

void record_publish(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = catalog::parse_publish(kind, *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, catalog::publish(std::move(cmd).value()), 201);
}

void record_amend(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = catalog::parse_amend(kind, req.params.at(0), *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, catalog::amend(std::move(cmd).value()), 200);
}

void record_repeal(Context& ctx, const Request& req, const Reply& reply, Kind kind) {
  if (!require_role(req, reply, "admin")) return;
  auto body = body_object(req, reply);
  if (!body) return;
  auto cmd = catalog::parse_repeal(kind, req.params.at(0), *body);
  if (!cmd.is_ok()) return reply.problem(cmd.status());
  run_command(ctx, req, reply, catalog::repeal(std::move(cmd).value()), 200);
}

static std::optional<std::string> profile_of(const Request& req, const Reply& reply) {
  auto profile = req.query("profile").value_or("cpsv-ap");
  if (profile != "cpsv-ap" && profile != "schema.org") {
    reply.problem(Status::invalid_field("profile", "必须是 cpsv-ap 或 schema.org",
                                        "must be cpsv-ap or schema.org"));
    return std::nullopt;
  }
  return profile;
}

void item_jsonld(Context& ctx, const Request& req, const Reply& reply) {
  auto profile = profile_of(req, reply);
  if (!profile) return;
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto row = catalog::find_record(c, Kind::kItem, req.params.at(0));
    if (!row) return reply.problem(no_such(Kind::kItem, req.params.at(0)));
    json doc = *profile == "cpsv-ap" ? catalog::cpsv_ap_item(c, *row, base_iri(ctx))
                                     : catalog::schema_org_item(c, *row, base_iri(ctx));
    reply.text(200, "application/ld+json; charset=utf-8", doc.dump(2));
  });
}

void catalogue_jsonld(Context& ctx, const Request& req, const Reply& reply) {
  auto profile = profile_of(req, reply);
  if (!profile) return;
  auto limit = query_uint(req, "limit", false, 5000);
  auto offset = query_uint(req, "offset", false, 10000000);
  if (auto s = Status::combine({&limit.status(), &offset.status()}); !s.is_ok())
    return reply.problem(s);
  int l = static_cast<int>(limit->value_or(1000)), o = static_cast<int>(offset->value_or(0));
  with_reader(ctx, reply, [&](store::Connection& c) {
    json doc = *profile == "cpsv-ap" ? catalog::cpsv_ap_catalogue(c, base_iri(ctx), l, o)
                                     : catalog::schema_org_catalogue(c, base_iri(ctx), l, o);
    reply.text(200, "application/ld+json; charset=utf-8", doc.dump());
  });
}

void policy_check(Context& ctx, const Request& req, const Reply& reply) {
  auto officer_id = req.query("officer").value_or(req.principal->officer);
  auto action = req.query("action");
  auto item = req.query("item");
  std::vector<FieldError> errors;
  if (!action || action->empty())
    errors.push_back(
        {"action", "必填：责任环节，如 受理、审查、决定", "is required: a stage such as 受理"});
  if (!item || item->empty())
    errors.push_back({"item", "必填：事项编码", "is required: a service item code"});
  if (!errors.empty()) return reply.problem(Status::invalid(errors));
  bool self = officer_id == req.principal->officer;
  if (!self && !req.principal->has_role("admin") && !req.principal->has_role("auditor"))
    return reply.problem(Status(Code::kPermissionDenied,
                                "只能查询自己的权限（管理员、审计人员除外）",
                                "you may only check your own powers (unless admin or auditor)"));
  with_reader(ctx, reply, [&](store::Connection& c) {
    auto officer = identity::find_officer(c, officer_id);
    if (!officer) return reply.problem(Status::not_found("工作人员不存在", "no such officer"));
    auto d = catalog::authorize(c, officer->org, *action, *item);
    if (!d.is_ok()) return reply.problem(d.status());
    json out = d->to_json();
    out["officer"] = officer->id;
    out["org"] = officer->org;
    out["org_name"] = org_name(c, officer->org);
    out["action"] = *action;
    out["item"] = *item;
    reply.json(200, out);
  });
}

void analysis_overlaps(Context& ctx, const Request& req, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::find_overlaps(f, req.query("region"));
    reply.json(200, {{"overlaps", found}, {"count", found.size()}});
  });
}

void analysis_cycles(Context& ctx, const Request& req, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::find_cycles(f, req.query("region"));
    reply.json(200, {{"cycles", found}, {"count", found.size()}});
  });
}

void analysis_comparison(Context& ctx, const Request& req, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::compare_regions(f, req.query("catalog_code"));
    reply.json(200, {{"comparisons", found}, {"count", found.size()}});
  });
}

void analysis_unfounded(Context& ctx, const Request&, const Reply& reply) {
  with_facts(ctx, reply, [&](const catalog::Facts& f) {
    auto found = catalog::find_unfounded(f);
    reply.json(200, {{"powers", found["powers"]},
                     {"items", found["items"]},
                     {"count", found["powers"].size() + found["items"].size()}});
  });
}

void search(Context& ctx, const Request& req, const Reply& reply) {
  auto q = req.query("q").value_or("");
  auto limit = query_uint(req, "limit", false, 50);
  std::vector<FieldError> errors;
  if (q.find_first_not_of(" \t") == std::string::npos)
    errors.push_back({"q", "请输入要办的事", "is required: what do you want to do?"});
  if (q.size() > 200) errors.push_back({"q", "不能超过 200 字节", "must be at most 200 bytes"});
  if (!limit.is_ok())
    errors.insert(errors.end(), limit.status().errors().begin(), limit.status().errors().end());
  if (!errors.empty()) return reply.problem(Status::invalid(errors));
  search::Query query{q, req.query("region"), static_cast<int>(limit->value_or(10))};
  with_reader(ctx, reply, [&](store::Connection& c) {
    if (query.region && !catalog::find_region(c, *query.region))
      return reply.problem(Status::invalid_field("region", "行政区划不存在", "no such region"));
    auto hits = ctx.platform.search_index().search(query, c);
    reply.json(200,
               {{"query", q},
                {"region", query.region ? nlohmann::json(*query.region) : nlohmann::json(nullptr)},
                {"results", search::present_hits(c, hits)}});
  });
}

}  // namespace

// The six routes of each kind of catalogue record, documented per kind.
struct KindDocs {
  catalog::Kind kind;
  const char *list, *publish, *get, *history, *amend, *repeal;
};
const KindDocs kKindDocs[] = {
    {.kind = catalog::Kind::kLaw,
     .list = R"json({
               "operationId": "listLaws",
               "summary": "List laws (法律法规)",
               "description": "Laws and regulations with their articles; each cites its level and issuer. Invented local rules of the demo say so (`invented`).",
               "tags": [
                 "network"
               ],
               "parameters": [
                 {
                   "name": "type",
                   "in": "query",
                   "description": "Level (law, administrative_regulation, …)",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "q",
                   "in": "query",
                   "description": "Part of the title",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "$ref": "#/components/parameters/IncludeRepealed"
                 },
                 {
                   "$ref": "#/components/parameters/Limit"
                 },
                 {
                   "$ref": "#/components/parameters/Offset"
                 }
               ],
               "responses": {
                 "200": {
                   "description": "Page",
                   "content": {
                     "application/json": {
                       "schema": {
                         "type": "object"
                       }
                     }
                   }
                 },
                 "400": {
                   "$ref": "#/components/responses/Problem"
                 }
               }
             })json",
     .publish = R"json({
        "operationId": "publishLaw",
        "summary": "Publish a law",
        "description": "Publishes a new law (version 1). The body is the record in the import format (docs/import-format.md), optionally with `effective` (date). References are checked: organisations, regions, laws and articles, powers. Requires the admin role.",
        "tags": [
          "network"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Law"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Published",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/VersionResult"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "ledger": {
                          "$ref": "#/components/schemas/Receipts"
                        }
                      },
                      "required": [
                        "ledger"
                      ]
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          }
        }
      })json",
     .get = R"json({
              "operationId": "getLaw",
              "summary": "A law",
              "description": "The current version, with names and legal-basis texts resolved.",
              "tags": [
                "network"
              ],
              "parameters": [
                {
                  "name": "id",
                  "in": "path",
                  "description": "The law's id",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "responses": {
                "200": {
                  "description": "law",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Law"
                      }
                    }
                  }
                },
                "404": {
                  "$ref": "#/components/responses/Problem"
                }
              }
            })json",
     .history = R"json({
                  "operationId": "historyLaw",
                  "summary": "A law's versions",
                  "description": "Every version (published, amended, repealed) with its log index, effective date, basis and a link to its inclusion proof.",
                  "tags": [
                    "network"
                  ],
                  "parameters": [
                    {
                      "name": "id",
                      "in": "path",
                      "description": "The law's id",
                      "required": true,
                      "schema": {
                        "type": "string"
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "Versions",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Versions"
                          }
                        }
                      }
                    },
                    "404": {
                      "$ref": "#/components/responses/Problem"
                    }
                  }
                })json",
     .amend = R"json({
                "operationId": "amendLaw",
                "summary": "Amend a law",
                "description": "Publishes a new version. Body: `record` (the whole new version), `basis` (the decision or legal basis of the change), optional `effective`. Requires the admin role.",
                "tags": [
                  "network"
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "description": "The law's id",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Amendment"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Amended",
                    "content": {
                      "application/json": {
                        "schema": {
                          "allOf": [
                            {
                              "$ref": "#/components/schemas/VersionResult"
                            },
                            {
                              "type": "object",
                              "properties": {
                                "ledger": {
                                  "$ref": "#/components/schemas/Receipts"
                                }
                              },
                              "required": [
                                "ledger"
                              ]
                            }
                          ]
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem"
                  },
                  "409": {
                    "$ref": "#/components/responses/Problem"
                  }
                }
              })json",
     .repeal = R"json({
                 "operationId": "repealLaw",
                 "summary": "Repeal a law",
                 "description": "Marks the record repealed (it stays, with its history). A power still exercised by active items cannot be repealed. Requires the admin role.",
                 "tags": [
                   "network"
                 ],
                 "parameters": [
                   {
                     "name": "id",
                     "in": "path",
                     "description": "The law's id",
                     "required": true,
                     "schema": {
                       "type": "string"
                     }
                   }
                 ],
                 "requestBody": {
                   "required": true,
                   "content": {
                     "application/json": {
                       "schema": {
                         "$ref": "#/components/schemas/Dissolution"
                       }
                     }
                   }
                 },
                 "responses": {
                   "200": {
                     "description": "Repealed",
                     "content": {
                       "application/json": {
                         "schema": {
                           "allOf": [
                             {
                               "$ref": "#/components/schemas/VersionResult"
                             },
                             {
                               "type": "object",
                               "properties": {
                                 "ledger": {
                                   "$ref": "#/components/schemas/Receipts"
                                 }
                               },
                               "required": [
                                 "ledger"
                               ]
                             }
                           ]
                         }
                       }
                     }
                   },
                   "404": {
                     "$ref": "#/components/responses/Problem"
                   },
                   "409": {
                     "$ref": "#/components/responses/Problem"
                   }
                 }
               })json"},
    {.kind = catalog::Kind::kPower,
     .list = R"json({
               "operationId": "listPowers",
               "summary": "List powers (权力事项)",
               "description": "The power list (权责清单): each power's type, holder, legal basis to the article, responsibility stages and accountability cases.",
               "tags": [
                 "network"
               ],
               "parameters": [
                 {
                   "name": "region",
                   "in": "query",
                   "description": "Holder's region",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "org",
                   "in": "query",
                   "description": "Holder",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "type",
                   "in": "query",
                   "description": "Power type (licensing, penalty, …)",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "$ref": "#/components/parameters/Q"
                 },
                 {
                   "$ref": "#/components/parameters/IncludeRepealed"
                 },
                 {
                   "$ref": "#/components/parameters/Limit"
                 },
                 {
                   "$ref": "#/components/parameters/Offset"
                 }
               ],
               "responses": {
                 "200": {
                   "description": "Page",
                   "content": {
                     "application/json": {
                       "schema": {
                         "type": "object"
                       }
                     }
                   }
                 },
                 "400": {
                   "$ref": "#/components/responses/Problem"
                 }
               }
             })json",
     .publish = R"json({
        "operationId": "publishPower",
        "summary": "Publish a power",
        "description": "Publishes a new power (version 1). The body is the record in the import format (docs/import-format.md), optionally with `effective` (date). References are checked: organisations, regions, laws and articles, powers. Requires the admin role.",
        "tags": [
          "network"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Power"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Published",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/VersionResult"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "ledger": {
                          "$ref": "#/components/schemas/Receipts"
                        }
                      },
                      "required": [
                        "ledger"
                      ]
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          }
        }
      })json",
     .get = R"json({
              "operationId": "getPower",
              "summary": "A power",
              "description": "The current version, with names and legal-basis texts resolved.",
              "tags": [
                "network"
              ],
              "parameters": [
                {
                  "name": "code",
                  "in": "path",
                  "description": "The power's code",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "responses": {
                "200": {
                  "description": "power",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Power"
                      }
                    }
                  }
                },
                "404": {
                  "$ref": "#/components/responses/Problem"
                }
              }
            })json",
     .history = R"json({
                  "operationId": "historyPower",
                  "summary": "A power's versions",
                  "description": "Every version (published, amended, repealed) with its log index, effective date, basis and a link to its inclusion proof.",
                  "tags": [
                    "network"
                  ],
                  "parameters": [
                    {
                      "name": "code",
                      "in": "path",
                      "description": "The power's code",
                      "required": true,
                      "schema": {
                        "type": "string"
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "Versions",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Versions"
                          }
                        }
                      }
                    },
                    "404": {
                      "$ref": "#/components/responses/Problem"
                    }
                  }
                })json",
     .amend = R"json({
                "operationId": "amendPower",
                "summary": "Amend a power",
                "description": "Publishes a new version. Body: `record` (the whole new version), `basis` (the decision or legal basis of the change), optional `effective`. Requires the admin role.",
                "tags": [
                  "network"
                ],
                "parameters": [
                  {
                    "name": "code",
                    "in": "path",
                    "description": "The power's code",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Amendment"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Amended",
                    "content": {
                      "application/json": {
                        "schema": {
                          "allOf": [
                            {
                              "$ref": "#/components/schemas/VersionResult"
                            },
                            {
                              "type": "object",
                              "properties": {
                                "ledger": {
                                  "$ref": "#/components/schemas/Receipts"
                                }
                              },
                              "required": [
                                "ledger"
                              ]
                            }
                          ]
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem"
                  },
                  "409": {
                    "$ref": "#/components/responses/Problem"
                  }
                }
              })json",
     .repeal = R"json({
                 "operationId": "repealPower",
                 "summary": "Repeal a power",
                 "description": "Marks the record repealed (it stays, with its history). A power still exercised by active items cannot be repealed. Requires the admin role.",
                 "tags": [
                   "network"
                 ],
                 "parameters": [
                   {
                     "name": "code",
                     "in": "path",
                     "description": "The power's code",
                     "required": true,
                     "schema": {
                       "type": "string"
                     }
                   }
                 ],
                 "requestBody": {
                   "required": true,
                   "content": {
                     "application/json": {
                       "schema": {
                         "$ref": "#/components/schemas/Dissolution"
                       }
                     }
                   }
                 },
                 "responses": {
                   "200": {
                     "description": "Repealed",
                     "content": {
                       "application/json": {
                         "schema": {
                           "allOf": [
                             {
                               "$ref": "#/components/schemas/VersionResult"
                             },
                             {
                               "type": "object",
                               "properties": {
                                 "ledger": {
                                   "$ref": "#/components/schemas/Receipts"
                                 }
                               },
                               "required": [
                                 "ledger"
                               ]
                             }
                           ]
                         }
                       }
                     }
                   },
                   "404": {
                     "$ref": "#/components/responses/Problem"
                   },
                   "409": {
                     "$ref": "#/components/responses/Problem"
                   }
                 }
               })json"},
    {.kind = catalog::Kind::kItem,
     .list = R"json({
               "operationId": "listServiceItems",
               "summary": "List items (政务服务事项)",
               "description": "Service items with every element: implementing and competent bodies, power, basis, conditions, materials and their sources, fees, channels, places and hours, limits, special steps, visits, online depth.",
               "tags": [
                 "network"
               ],
               "parameters": [
                 {
                   "name": "region",
                   "in": "query",
                   "description": "Region",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "org",
                   "in": "query",
                   "description": "Implementing organisation",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "type",
                   "in": "query",
                   "description": "Type",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "catalog_code",
                   "in": "query",
                   "description": "National basic catalogue code",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "$ref": "#/components/parameters/Q"
                 },
                 {
                   "name": "power",
                   "in": "query",
                   "description": "Only the items exercising this power (code)",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "$ref": "#/components/parameters/IncludeRepealed"
                 },
                 {
                   "$ref": "#/components/parameters/Limit"
                 },
                 {
                   "$ref": "#/components/parameters/Offset"
                 }
               ],
               "responses": {
                 "200": {
                   "description": "Page",
                   "content": {
                     "application/json": {
                       "schema": {
                         "type": "object"
                       }
                     }
                   }
                 },
                 "400": {
                   "$ref": "#/components/responses/Problem"
                 }
               }
             })json",
     .publish = R"json({
        "operationId": "publishServiceItem",
        "summary": "Publish a item",
        "description": "Publishes a new item (version 1). The body is the record in the import format (docs/import-format.md), optionally with `effective` (date). References are checked: organisations, regions, laws and articles, powers. Requires the admin role.",
        "tags": [
          "network"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ServiceItem"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Published",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/VersionResult"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "ledger": {
                          "$ref": "#/components/schemas/Receipts"
                        }
                      },
                      "required": [
                        "ledger"
                      ]
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          }
        }
      })json",
     .get = R"json({
              "operationId": "getServiceItem",
              "summary": "A item",
              "description": "The current version, with names and legal-basis texts resolved.",
              "tags": [
                "network"
              ],
              "parameters": [
                {
                  "name": "code",
                  "in": "path",
                  "description": "The item's code",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "responses": {
                "200": {
                  "description": "item",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ServiceItem"
                      }
                    }
                  }
                },
                "404": {
                  "$ref": "#/components/responses/Problem"
                }
              }
            })json",
     .history = R"json({
                  "operationId": "historyServiceItem",
                  "summary": "A item's versions",
                  "description": "Every version (published, amended, repealed) with its log index, effective date, basis and a link to its inclusion proof.",
                  "tags": [
                    "network"
                  ],
                  "parameters": [
                    {
                      "name": "code",
                      "in": "path",
                      "description": "The item's code",
                      "required": true,
                      "schema": {
                        "type": "string"
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "Versions",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Versions"
                          }
                        }
                      }
                    },
                    "404": {
                      "$ref": "#/components/responses/Problem"
                    }
                  }
                })json",
     .amend = R"json({
                "operationId": "amendServiceItem",
                "summary": "Amend a item",
                "description": "Publishes a new version. Body: `record` (the whole new version), `basis` (the decision or legal basis of the change), optional `effective`. Requires the admin role.",
                "tags": [
                  "network"
                ],
                "parameters": [
                  {
                    "name": "code",
                    "in": "path",
                    "description": "The item's code",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Amendment"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Amended",
                    "content": {
                      "application/json": {
                        "schema": {
                          "allOf": [
                            {
                              "$ref": "#/components/schemas/VersionResult"
                            },
                            {
                              "type": "object",
                              "properties": {
                                "ledger": {
                                  "$ref": "#/components/schemas/Receipts"
                                }
                              },
                              "required": [
                                "ledger"
                              ]
                            }
                          ]
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem"
                  },
                  "409": {
                    "$ref": "#/components/responses/Problem"
                  }
                }
              })json",
     .repeal = R"json({
                 "operationId": "repealServiceItem",
                 "summary": "Repeal a item",
                 "description": "Marks the record repealed (it stays, with its history). A power still exercised by active items cannot be repealed. Requires the admin role.",
                 "tags": [
                   "network"
                 ],
                 "parameters": [
                   {
                     "name": "code",
                     "in": "path",
                     "description": "The item's code",
                     "required": true,
                     "schema": {
                       "type": "string"
                     }
                   }
                 ],
                 "requestBody": {
                   "required": true,
                   "content": {
                     "application/json": {
                       "schema": {
                         "$ref": "#/components/schemas/Dissolution"
                       }
                     }
                   }
                 },
                 "responses": {
                   "200": {
                     "description": "Repealed",
                     "content": {
                       "application/json": {
                         "schema": {
                           "allOf": [
                             {
                               "$ref": "#/components/schemas/VersionResult"
                             },
                             {
                               "type": "object",
                               "properties": {
                                 "ledger": {
                                   "$ref": "#/components/schemas/Receipts"
                                 }
                               },
                               "required": [
                                 "ledger"
                               ]
                             }
                           ]
                         }
                       }
                     }
                   },
                   "404": {
                     "$ref": "#/components/responses/Problem"
                   },
                   "409": {
                     "$ref": "#/components/responses/Problem"
                   }
                 }
               })json"},
    {.kind = catalog::Kind::kLifeEvent,
     .list = R"json({
               "operationId": "listLifeEvents",
               "summary": "List life events (一件事)",
               "description": "Life events (一件事) bundling service items of several departments.",
               "tags": [
                 "network"
               ],
               "parameters": [
                 {
                   "name": "region",
                   "in": "query",
                   "description": "Region",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "org",
                   "in": "query",
                   "description": "Lead organisation",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "$ref": "#/components/parameters/Q"
                 },
                 {
                   "$ref": "#/components/parameters/IncludeRepealed"
                 },
                 {
                   "$ref": "#/components/parameters/Limit"
                 },
                 {
                   "$ref": "#/components/parameters/Offset"
                 }
               ],
               "responses": {
                 "200": {
                   "description": "Page",
                   "content": {
                     "application/json": {
                       "schema": {
                         "type": "object"
                       }
                     }
                   }
                 },
                 "400": {
                   "$ref": "#/components/responses/Problem"
                 }
               }
             })json",
     .publish = R"json({
        "operationId": "publishLifeEvent",
        "summary": "Publish a life event",
        "description": "Publishes a new life event (version 1). The body is the record in the import format (docs/import-format.md), optionally with `effective` (date). References are checked: organisations, regions, laws and articles, powers. Requires the admin role.",
        "tags": [
          "network"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LifeEvent"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Published",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/VersionResult"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "ledger": {
                          "$ref": "#/components/schemas/Receipts"
                        }
                      },
                      "required": [
                        "ledger"
                      ]
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          }
        }
      })json",
     .get = R"json({
              "operationId": "getLifeEvent",
              "summary": "A life event",
              "description": "The current version, with names and legal-basis texts resolved.",
              "tags": [
                "network"
              ],
              "parameters": [
                {
                  "name": "code",
                  "in": "path",
                  "description": "The life event's code",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "responses": {
                "200": {
                  "description": "life event",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/LifeEvent"
                      }
                    }
                  }
                },
                "404": {
                  "$ref": "#/components/responses/Problem"
                }
              }
            })json",
     .history = R"json({
                  "operationId": "historyLifeEvent",
                  "summary": "A life event's versions",
                  "description": "Every version (published, amended, repealed) with its log index, effective date, basis and a link to its inclusion proof.",
                  "tags": [
                    "network"
                  ],
                  "parameters": [
                    {
                      "name": "code",
                      "in": "path",
                      "description": "The life event's code",
                      "required": true,
                      "schema": {
                        "type": "string"
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "Versions",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Versions"
                          }
                        }
                      }
                    },
                    "404": {
                      "$ref": "#/components/responses/Problem"
                    }
                  }
                })json",
     .amend = R"json({
                "operationId": "amendLifeEvent",
                "summary": "Amend a life event",
                "description": "Publishes a new version. Body: `record` (the whole new version), `basis` (the decision or legal basis of the change), optional `effective`. Requires the admin role.",
                "tags": [
                  "network"
                ],
                "parameters": [
                  {
                    "name": "code",
                    "in": "path",
                    "description": "The life event's code",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Amendment"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Amended",
                    "content": {
                      "application/json": {
                        "schema": {
                          "allOf": [
                            {
                              "$ref": "#/components/schemas/VersionResult"
                            },
                            {
                              "type": "object",
                              "properties": {
                                "ledger": {
                                  "$ref": "#/components/schemas/Receipts"
                                }
                              },
                              "required": [
                                "ledger"
                              ]
                            }
                          ]
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem"
                  },
                  "409": {
                    "$ref": "#/components/responses/Problem"
                  }
                }
              })json",
     .repeal = R"json({
                 "operationId": "repealLifeEvent",
                 "summary": "Repeal a life event",
                 "description": "Marks the record repealed (it stays, with its history). A power still exercised by active items cannot be repealed. Requires the admin role.",
                 "tags": [
                   "network"
                 ],
                 "parameters": [
                   {
                     "name": "code",
                     "in": "path",
                     "description": "The life event's code",
                     "required": true,
                     "schema": {
                       "type": "string"
                     }
                   }
                 ],
                 "requestBody": {
                   "required": true,
                   "content": {
                     "application/json": {
                       "schema": {
                         "$ref": "#/components/schemas/Dissolution"
                       }
                     }
                   }
                 },
                 "responses": {
                   "200": {
                     "description": "Repealed",
                     "content": {
                       "application/json": {
                         "schema": {
                           "allOf": [
                             {
                               "$ref": "#/components/schemas/VersionResult"
                             },
                             {
                               "type": "object",
                               "properties": {
                                 "ledger": {
                                   "$ref": "#/components/schemas/Receipts"
                                 }
                               },
                               "required": [
                                 "ledger"
                               ]
                             }
                           ]
                         }
                       }
                     }
                   },
                   "404": {
                     "$ref": "#/components/responses/Problem"
                   },
                   "409": {
                     "$ref": "#/components/responses/Problem"
                   }
                 }
               })json"},
    {.kind = catalog::Kind::kResource,
     .list = R"json({
               "operationId": "listDataResources",
               "summary": "List data resources (政务数据资源)",
               "description": "The data-resource catalogue (政务数据资源目录): each department's data about persons or businesses, its fields, sharing class (无条件/有条件/不予共享) and open class, and the legal basis for holding it.",
               "tags": [
                 "network"
               ],
               "parameters": [
                 {
                   "name": "org",
                   "in": "query",
                   "description": "Holder",
                   "required": false,
                   "schema": {
                     "type": "string"
                   }
                 },
                 {
                   "name": "type",
                   "in": "query",
                   "description": "Sharing class",
                   "required": false,
                   "schema": {
                     "type": "string",
                     "enum": [
                       "unconditional",
                       "conditional",
                       "none"
                     ]
                   }
                 },
                 {
                   "$ref": "#/components/parameters/Q"
                 },
                 {
                   "$ref": "#/components/parameters/IncludeRepealed"
                 },
                 {
                   "$ref": "#/components/parameters/Limit"
                 },
                 {
                   "$ref": "#/components/parameters/Offset"
                 }
               ],
               "responses": {
                 "200": {
                   "description": "Page",
                   "content": {
                     "application/json": {
                       "schema": {
                         "type": "object"
                       }
                     }
                   }
                 },
                 "400": {
                   "$ref": "#/components/responses/Problem"
                 }
               }
             })json",
     .publish = R"json({
        "operationId": "publishDataResource",
        "summary": "Publish a data resource",
        "description": "Publishes a new data resource (version 1). The body is the record in the import format (docs/import-format.md), optionally with `effective` (date). References are checked: organisations, regions, laws and articles, powers. Requires the admin role.",
        "tags": [
          "network"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DataResource"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Published",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/VersionResult"
                    },
                    {
                      "type": "object",
                      "properties": {
                        "ledger": {
                          "$ref": "#/components/schemas/Receipts"
                        }
                      },
                      "required": [
                        "ledger"
                      ]
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          }
        }
      })json",
     .get = R"json({
              "operationId": "getDataResource",
              "summary": "A data resource",
              "description": "The current version, with names and legal-basis texts resolved.",
              "tags": [
                "network"
              ],
              "parameters": [
                {
                  "name": "id",
                  "in": "path",
                  "description": "The data resource's id",
                  "required": true,
                  "schema": {
                    "type": "string"
                  }
                }
              ],
              "responses": {
                "200": {
                  "description": "data resource",
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/DataResource"
                      }
                    }
                  }
                },
                "404": {
                  "$ref": "#/components/responses/Problem"
                }
              }
            })json",
     .history = R"json({
                  "operationId": "historyDataResource",
                  "summary": "A data resource's versions",
                  "description": "Every version (published, amended, repealed) with its log index, effective date, basis and a link to its inclusion proof.",
                  "tags": [
                    "network"
                  ],
                  "parameters": [
                    {
                      "name": "id",
                      "in": "path",
                      "description": "The data resource's id",
                      "required": true,
                      "schema": {
                        "type": "string"
                      }
                    }
                  ],
                  "responses": {
                    "200": {
                      "description": "Versions",
                      "content": {
                        "application/json": {
                          "schema": {
                            "$ref": "#/components/schemas/Versions"
                          }
                        }
                      }
                    },
                    "404": {
                      "$ref": "#/components/responses/Problem"
                    }
                  }
                })json",
     .amend = R"json({
                "operationId": "amendDataResource",
                "summary": "Amend a data resource",
                "description": "Publishes a new version. Body: `record` (the whole new version), `basis` (the decision or legal basis of the change), optional `effective`. Requires the admin role.",
                "tags": [
                  "network"
                ],
                "parameters": [
                  {
                    "name": "id",
                    "in": "path",
                    "description": "The data resource's id",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/Amendment"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "Amended",
                    "content": {
                      "application/json": {
                        "schema": {
                          "allOf": [
                            {
                              "$ref": "#/components/schemas/VersionResult"
                            },
                            {
                              "type": "object",
                              "properties": {
                                "ledger": {
                                  "$ref": "#/components/schemas/Receipts"
                                }
                              },
                              "required": [
                                "ledger"
                              ]
                            }
                          ]
                        }
                      }
                    }
                  },
                  "404": {
                    "$ref": "#/components/responses/Problem"
                  },
                  "409": {
                    "$ref": "#/components/responses/Problem"
                  }
                }
              })json",
     .repeal = R"json({
                 "operationId": "repealDataResource",
                 "summary": "Repeal a data resource",
                 "description": "Marks the record repealed (it stays, with its history). A power still exercised by active items cannot be repealed. Requires the admin role.",
                 "tags": [
                   "network"
                 ],
                 "parameters": [
                   {
                     "name": "id",
                     "in": "path",
                     "description": "The data resource's id",
                     "required": true,
                     "schema": {
                       "type": "string"
                     }
                   }
                 ],
                 "requestBody": {
                   "required": true,
                   "content": {
                     "application/json": {
                       "schema": {
                         "$ref": "#/components/schemas/Dissolution"
                       }
                     }
                   }
                 },
                 "responses": {
                   "200": {
                     "description": "Repealed",
                     "content": {
                       "application/json": {
                         "schema": {
                           "allOf": [
                             {
                               "$ref": "#/components/schemas/VersionResult"
                             },
                             {
                               "type": "object",
                               "properties": {
                                 "ledger": {
                                   "$ref": "#/components/schemas/Receipts"
                                 }
                               },
                               "required": [
                                 "ledger"
                               ]
                             }
                           ]
                         }
                       }
                     }
                   },
                   "404": {
                     "$ref": "#/components/responses/Problem"
                   },
                   "409": {
                     "$ref": "#/components/responses/Problem"
                   }
                 }
               })json"},
};

std::vector<Route> network_routes() {
  std::vector<Route> routes = {
      {"GET", "/api/v1/items/{code}/jsonld", Access::kPublic, item_jsonld,
       R"json({
         "operationId": "itemJsonLd",
         "summary": "A service item as linked data",
         "description": "CPSV-AP 3.2 PublicService (with its competent authority, evidence, costs, channels, output, legal resources) or schema.org GovernmentService, as JSON-LD with an inline context.",
         "tags": [
           "network"
         ],
         "parameters": [
           {
             "name": "code",
             "in": "path",
             "description": "Item code",
             "required": true,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "profile",
             "in": "query",
             "description": "cpsv-ap (CPSV-AP 3.2, default) or schema.org (GovernmentService)",
             "required": false,
             "schema": {
               "type": "string",
               "enum": [
                 "cpsv-ap",
                 "schema.org"
               ]
             }
           }
         ],
         "responses": {
           "200": {
             "description": "JSON-LD",
             "content": {
               "application/ld+json": {
                 "schema": {
                   "type": "object"
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
      {"GET", "/api/v1/search", Access::kPublic, search,
       R"json({
         "operationId": "search",
         "summary": "我要办: search services",
         "description": "One query box, Chinese or English, colloquial or formal, Simplified or Traditional: ranks service items and life events for the user's region (that region and the regions above it) and tells where to go and what to bring.",
         "tags": [
           "search"
         ],
         "parameters": [
           {
             "name": "q",
             "in": "query",
             "description": "What the user wants to do, e.g. 我想开个饭馆, 驾照到期, renew driving licence",
             "required": true,
             "schema": {
               "type": "string",
               "maxLength": 200
             }
           },
           {
             "name": "region",
             "in": "query",
             "description": "The user's region code",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "limit",
             "in": "query",
             "description": "At most this many results (≤ 50, default 10)",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0,
               "maximum": 50
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Results",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object",
                   "properties": {
                     "query": {
                       "type": "string"
                     },
                     "region": {
                       "type": [
                         "string",
                         "null"
                       ]
                     },
                     "results": {
                       "type": "array",
                       "items": {
                         "type": "object",
                         "properties": {
                           "kind": {
                             "type": "string",
                             "enum": [
                               "item",
                               "life_event"
                             ]
                           },
                           "code": {
                             "type": "string"
                           },
                           "name": {
                             "type": "string"
                           },
                           "org": {
                             "type": "string"
                           },
                           "org_name": {
                             "type": "string"
                           },
                           "region": {
                             "type": "string"
                           },
                           "score": {
                             "type": "number"
                           },
                           "place": {
                             "type": "object"
                           },
                           "materials": {
                             "type": "array",
                             "items": {
                               "type": "object"
                             }
                           }
                         }
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
      {"GET", "/api/v1/catalogue.jsonld", Access::kPublic, catalogue_jsonld,
       R"json({
         "operationId": "catalogueJsonLd",
         "summary": "The catalogue as linked data",
         "description": "Every active service item (paged), its organisations and the life events, as one JSON-LD @graph.",
         "tags": [
           "network"
         ],
         "parameters": [
           {
             "name": "profile",
             "in": "query",
             "description": "cpsv-ap (CPSV-AP 3.2, default) or schema.org (GovernmentService)",
             "required": false,
             "schema": {
               "type": "string",
               "enum": [
                 "cpsv-ap",
                 "schema.org"
               ]
             }
           },
           {
             "name": "limit",
             "in": "query",
             "description": "Items per page (≤ 5000, default 1000)",
             "required": false,
             "schema": {
               "type": "integer",
               "minimum": 0,
               "maximum": 5000
             }
           },
           {
             "$ref": "#/components/parameters/Offset"
           }
         ],
         "responses": {
           "200": {
             "description": "JSON-LD",
             "content": {
               "application/ld+json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           },
           "400": {
             "$ref": "#/components/responses/Problem"
           }
         }
       })json"},
      {"GET", "/api/v1/policy/check", Access::kStaff, policy_check,
       R"json({
         "operationId": "policyCheck",
         "summary": "May this officer do this?",
         "description": "The power list as the access policy: may the officer perform `action` (a responsibility stage such as 受理, 审查, 决定) on service item `item`, and under which power and law? Officers may check themselves; admins and auditors anyone.",
         "tags": [
           "network"
         ],
         "parameters": [
           {
             "name": "officer",
             "in": "query",
             "description": "Officer id (default: the caller)",
             "required": false,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "action",
             "in": "query",
             "description": "Responsibility stage",
             "required": true,
             "schema": {
               "type": "string"
             }
           },
           {
             "name": "item",
             "in": "query",
             "description": "Service item code",
             "required": true,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Decision",
             "content": {
               "application/json": {
                 "schema": {
                   "$ref": "#/components/schemas/AccessDecision"
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
      {"GET", "/api/v1/analyses/overlaps", Access::kPublic, analysis_overlaps,
       R"json({
         "operationId": "analysisOverlaps",
         "summary": "Overlapping powers (多头检查, 政出多门)",
         "description": "Groups of powers held by different departments of one region with the same type and the same legal-basis article or the same object, with the evidence.",
         "tags": [
           "analyses"
         ],
         "parameters": [
           {
             "name": "region",
             "in": "query",
             "description": "Only this region",
             "required": false,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Findings",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/api/v1/analyses/cycles", Access::kPublic, analysis_cycles,
       R"json({
         "operationId": "analysisCycles",
         "summary": "Circular proof requirements (循环证明)",
         "description": "Cycles of service items across departments where each needs a licence that another item of the cycle issues, with the chain of steps.",
         "tags": [
           "analyses"
         ],
         "parameters": [
           {
             "name": "region",
             "in": "query",
             "description": "Only this region",
             "required": false,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Findings",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/api/v1/analyses/comparison", Access::kPublic, analysis_comparison,
       R"json({
         "operationId": "analysisComparison",
         "summary": "The same item across regions",
         "description": "For each catalogue code offered in two or more regions: materials, time limits, visits, fees and online depth side by side, with the best value of each and the best practice overall.",
         "tags": [
           "analyses"
         ],
         "parameters": [
           {
             "name": "catalog_code",
             "in": "query",
             "description": "Only this catalogue code",
             "required": false,
             "schema": {
               "type": "string"
             }
           }
         ],
         "responses": {
           "200": {
             "description": "Findings",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           }
         }
       })json"},
      {"GET", "/api/v1/analyses/unfounded", Access::kPublic, analysis_unfounded,
       R"json({
         "operationId": "analysisUnfounded",
         "summary": "Without legal basis (法无授权)",
         "description": "Powers and items with no legal basis, a basis that does not exist or was repealed, or (items) no valid power.",
         "tags": [
           "analyses"
         ],
         "responses": {
           "200": {
             "description": "Findings",
             "content": {
               "application/json": {
                 "schema": {
                   "type": "object"
                 }
               }
             }
           }
         }
       })json"},
  };
  for (const auto& docs : kKindDocs) {
    auto k = docs.kind;
    auto bound = [k](void (*fn)(Context&, const Request&, const Reply&, catalog::Kind)) {
      return [fn, k](Context& c, const Request& q, const Reply& p) { fn(c, q, p, k); };
    };
    auto where = catalog::kind_routes(k);
    std::string list = where.path, one = list + "/{" + where.key_param + "}";
    routes.push_back({"GET", list, Access::kPublic, bound(records_list), docs.list});
    routes.push_back({"POST", list, Access::kAdmin, bound(record_publish), docs.publish});
    routes.push_back({"GET", one, Access::kPublic, bound(record_get), docs.get});
    routes.push_back(
        {"GET", one + "/history", Access::kPublic, bound(record_history), docs.history});
    routes.push_back({"POST", one + "/amend", Access::kAdmin, bound(record_amend), docs.amend});
    routes.push_back({"POST", one + "/repeal", Access::kAdmin, bound(record_repeal), docs.repeal});
  }
  return routes;
}

}  // namespace sunlight::api
