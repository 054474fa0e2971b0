// The router: one table from the address after "#" to the page that draws it. Each entry is a
// pattern over the path (its groups are the page's arguments, already decoded) and the page;
// the query (the workbench's filters) is passed along. The charts, the function network and
// the public log are loaded only when first shown.
import { failure, nextView, render, view } from "./ui";
import { asOfficer, hashParts, type Officer } from "./officer";
import { homePage, searchPage } from "./pages/search";
import { lifeEventPage } from "./pages/life-event";
import { guidePage } from "./pages/guide";
import { mePage } from "./pages/me";
import { myCasePage, myCasesPage } from "./pages/my-cases";
import { dataUsesPage } from "./pages/data-uses";
import { applyPage } from "./pages/apply";
import { licencesPage, verifyPage } from "./pages/licences";
import { consentsPage } from "./pages/consents";
import { casePage, queuePage } from "./pages/workbench";
import { officerRectificationPage, officerRectificationsPage } from "./pages/rectification";
import { asAdmin, importPage, officersPage, orgsPage } from "./pages/admin";
import { html } from "./html";
import { t } from "./i18n";

type Page = (args: string[], params: URLSearchParams) => void;

// A page whose module is loaded on first use; a failure to load or draw it is shown.
function lazy<M>(load: () => Promise<M>, show: (m: M, v: number, args: string[]) => Promise<void>): Page {
  return (args) => {
    const v = view;
    render(html`<p>${t("loading")}</p>`, v);
    void load()
      .then((m) => show(m, v, args))
      .catch((e) => render(failure(e), v));
  };
}

// An officer's page: the sign-in first when no officer is signed in.
function officer(page: (me: Officer, v: number, args: string[], params: URLSearchParams) => Promise<void>): Page {
  return (args, params) => asOfficer((me, v) => page(me, v, args, params));
}

// An administrator's page.
function admin(page: (me: Officer, params: URLSearchParams, v: number) => Promise<void>): Page {
  return officer((me, v, _, params) => asAdmin(me, v, () => page(me, params, v)));
}

const routes: [RegExp, Page][] = [
  [/^\/?$/, () => homePage()],
  [/^\/search$/, (_, params) => searchPage(params)],
  [/^\/items\/([^/]+)$/, ([code]) => void guidePage(code)],
  [/^\/life-events\/([^/]+)$/, ([code]) => void lifeEventPage(code)],
  [/^\/apply\/([^/]+)$/, ([code]) => void applyPage(code)],
  [/^\/me$/, () => mePage()],
  [/^\/me\/cases$/, () => void myCasesPage()],
  [/^\/me\/cases\/([^/]+)$/, ([no]) => void myCasePage(no)],
  [/^\/me\/data-uses$/, () => void dataUsesPage()],
  [/^\/me\/licences$/, () => void licencesPage()],
  [/^\/me\/consents$/, () => void consentsPage()],
  [/^\/verify$/, () => verifyPage()],
  [/^\/verify\/(.+)$/, ([jwt]) => verifyPage(jwt)],
  [/^\/ledger$/, lazy(() => import("./pages/ledger"), (m) => m.showLedger())],
  [/^\/performance$/, lazy(() => import("./pages/dashboard"), (m, v) => m.dashboardPage(v))],
  [/^\/network$/, lazy(() => import("./pages/network"), (m, v) => m.networkHome(v))],
  [/^\/network\/regions\/([^/]+)$/, lazy(() => import("./pages/network"), (m, v, [code]) => m.regionPage(v, code))],
  [/^\/network\/orgs\/([^/]+)$/, lazy(() => import("./pages/network"), (m, v, [id]) => m.orgPage(v, id))],
  [/^\/network\/powers\/([^/]+)$/, lazy(() => import("./pages/network"), (m, v, [code]) => m.powerPage(v, code))],
  [/^\/network\/analyses$/, lazy(() => import("./pages/analyses"), (m, v) => m.analysesPage(v))],
  [/^\/network\/graph(?:\/([^/]+))?$/, lazy(() => import("./pages/graph"), (m, _, [region]) => m.showGraph(region))],
  [/^\/work$/, officer((me, v, _, params) => queuePage(me, params, v))],
  [/^\/work\/cases\/([^/]+)$/, officer((me, v, [no]) => casePage(me, no, v))],
  [/^\/work\/rectifications$/, officer((me, v, _, params) => officerRectificationsPage(me, params, v))],
  [/^\/work\/rectifications\/([^/]+)$/, officer((me, v, [no]) => officerRectificationPage(me, no, v))],
  [/^\/admin$/, admin(orgsPage)],
  [/^\/admin\/officers$/, admin(officersPage)],
  [/^\/admin\/import$/, admin(importPage)],
];

// Draws the page the address names (the home page for any other address), as a new view.
export function route(): void {
  nextView();
  const { path, params } = hashParts();
  for (const [pattern, page] of routes) {
    const m = path.match(pattern);
    if (m) return page(m.slice(1), params); // hashParts has decoded the path
  }
  homePage();
}
