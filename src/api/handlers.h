// Every route handler, grouped by module. The route table (path, method, access, handler)
// is in api/internal/server.cc; the contract of each route is in openapi.json.
#pragma once

#include "api/context.h"
#include "catalog/network.h"

namespace sunlight::api::handlers {

#define SUNLIGHT_HANDLER(name) void name(Context& ctx, const Request& req, const Reply& reply)

// system
SUNLIGHT_HANDLER(index);
SUNLIGHT_HANDLER(healthz);
SUNLIGHT_HANDLER(metrics);
SUNLIGHT_HANDLER(openapi);
SUNLIGHT_HANDLER(web_asset);

// log (C2SP tlog-tiles and JSON conveniences)
SUNLIGHT_HANDLER(log_checkpoint);
SUNLIGHT_HANDLER(log_key);
SUNLIGHT_HANDLER(log_tile);
SUNLIGHT_HANDLER(log_entry);
SUNLIGHT_HANDLER(log_inclusion);
SUNLIGHT_HANDLER(log_consistency);
SUNLIGHT_HANDLER(log_checkpoints);

// catalog: regions and organisations
SUNLIGHT_HANDLER(regions_list);
SUNLIGHT_HANDLER(region_get);
SUNLIGHT_HANDLER(region_history);
SUNLIGHT_HANDLER(region_create);
SUNLIGHT_HANDLER(region_rename);
SUNLIGHT_HANDLER(region_dissolve);
SUNLIGHT_HANDLER(orgs_list);
SUNLIGHT_HANDLER(org_get);
SUNLIGHT_HANDLER(org_history);
SUNLIGHT_HANDLER(org_create);
SUNLIGHT_HANDLER(org_rename);
SUNLIGHT_HANDLER(org_dissolve);

// the function network: laws, powers, service items, life events (generic over the kind)
void records_list(Context& ctx, const Request& req, const Reply& reply, catalog::Kind kind);
void record_get(Context& ctx, const Request& req, const Reply& reply, catalog::Kind kind);
void record_history(Context& ctx, const Request& req, const Reply& reply, catalog::Kind kind);
void record_publish(Context& ctx, const Request& req, const Reply& reply, catalog::Kind kind);
void record_amend(Context& ctx, const Request& req, const Reply& reply, catalog::Kind kind);
void record_repeal(Context& ctx, const Request& req, const Reply& reply, catalog::Kind kind);
SUNLIGHT_HANDLER(item_jsonld);
SUNLIGHT_HANDLER(catalogue_jsonld);
SUNLIGHT_HANDLER(policy_check);
SUNLIGHT_HANDLER(import_start);
SUNLIGHT_HANDLER(import_get);
SUNLIGHT_HANDLER(imports_list);
SUNLIGHT_HANDLER(analysis_overlaps);
SUNLIGHT_HANDLER(analysis_cycles);
SUNLIGHT_HANDLER(analysis_comparison);
SUNLIGHT_HANDLER(analysis_unfounded);

// search
SUNLIGHT_HANDLER(search);

// data sharing
SUNLIGHT_HANDLER(access_request);
SUNLIGHT_HANDLER(my_data_uses);
SUNLIGHT_HANDLER(my_consents);
SUNLIGHT_HANDLER(consent_grant);
SUNLIGHT_HANDLER(consent_shorten);
SUNLIGHT_HANDLER(consent_revoke);
SUNLIGHT_HANDLER(agreements_list);
SUNLIGHT_HANDLER(agreement_approve);
SUNLIGHT_HANDLER(agreement_revoke);
SUNLIGHT_HANDLER(registers_list);
SUNLIGHT_HANDLER(oversight_accesses);
SUNLIGHT_HANDLER(oversight_anomalies);
SUNLIGHT_HANDLER(subject_erase);

// case handling
SUNLIGHT_HANDLER(upload_store);
SUNLIGHT_HANDLER(upload_get);
SUNLIGHT_HANDLER(my_case_apply);
SUNLIGHT_HANDLER(my_cases_list);
SUNLIGHT_HANDLER(my_case_get);
SUNLIGHT_HANDLER(my_case_submit);
SUNLIGHT_HANDLER(my_case_resubmit);
SUNLIGHT_HANDLER(my_case_withdraw);
SUNLIGHT_HANDLER(my_case_rate);
SUNLIGHT_HANDLER(my_case_appeal);
SUNLIGHT_HANDLER(workbench_queue);
SUNLIGHT_HANDLER(workbench_alerts);
SUNLIGHT_HANDLER(case_get);
SUNLIGHT_HANDLER(case_upload_get);
SUNLIGHT_HANDLER(case_claim);
SUNLIGHT_HANDLER(case_act);
SUNLIGHT_HANDLER(case_visit);
SUNLIGHT_HANDLER(case_comment);
SUNLIGHT_HANDLER(rectification_contact);
SUNLIGHT_HANDLER(rectification_fix);
SUNLIGHT_HANDLER(rectification_appeal_decision);
SUNLIGHT_HANDLER(rectifications_list);
SUNLIGHT_HANDLER(performance);
SUNLIGHT_HANDLER(calendar_year);
SUNLIGHT_HANDLER(application_form);

// e-licences
SUNLIGHT_HANDLER(jwks);
SUNLIGHT_HANDLER(status_list);
SUNLIGHT_HANDLER(credential_verify);
SUNLIGHT_HANDLER(my_credentials);
SUNLIGHT_HANDLER(credential_revoke);
SUNLIGHT_HANDLER(credential_suspend);
SUNLIGHT_HANDLER(credential_reinstate);

// identity
SUNLIGHT_HANDLER(officers_list);
SUNLIGHT_HANDLER(officer_get);
SUNLIGHT_HANDLER(officer_create);
SUNLIGHT_HANDLER(officer_deactivate);
SUNLIGHT_HANDLER(me);
SUNLIGHT_HANDLER(demo_login);

#undef SUNLIGHT_HANDLER

}  // namespace sunlight::api::handlers
