// Chinese first, English too. The choice is kept in localStorage.
export type Lang = "zh" | "en";

const texts: Record<string, [string, string]> = {
  brand: ["阳光政务", "Sunlight"],
  "nav.search": ["我要办", "Services"],
  "nav.ledger": ["公开日志", "Public log"],
  "search.title": ["我要办", "What do you need to do?"],
  "search.label": ["用一句话说说您要办什么", "Say what you need, in your own words"],
  "search.placeholder": ["例如：我想开个饭馆、换身份证、提取公积金", "e.g. open a restaurant, renew my ID card"],
  "search.none": ["没有找到相关事项，换个说法试试", "Nothing found; try other words"],
  "search.error": ["搜索暂时不可用", "Search is unavailable"],
  "guide.org": ["办理机构", "Handled by"],
  "guide.basis": ["法律依据", "Legal basis"],
  "guide.conditions": ["申请条件", "Conditions"],
  "guide.materials": ["申请材料", "Materials"],
  "guide.limits": ["办理时限", "Time limits"],
  "guide.statutory": ["法定", "statutory"],
  "guide.promised": ["承诺", "promised"],
  "guide.days": ["个工作日", "working days"],
  "guide.visits": ["到现场次数", "Visits in person"],
  "guide.fees": ["收费", "Fees"],
  "guide.free": ["不收费", "Free"],
  "guide.places": ["办理地点", "Where"],
  "guide.channels": ["办理渠道", "Channels"],
  "guide.ratings": ["好差评", "Ratings"],
  "guide.no_ratings": ["暂无评价", "No ratings yet"],
  "guide.cases": ["办件", "cases"],
  "guide.avg": ["平均", "average"],
  "source.upload": ["需上传", "you upload"],
  "source.shared": ["部门共享，免提交", "shared by the department that holds it"],
  "source.licence": ["已有证照，免提交", "a licence you already hold"],
  "channel.online": ["网上办", "online"],
  "channel.mobile": ["掌上办", "mobile"],
  "channel.window": ["窗口办", "at a service window"],
  "ledger.title": ["公开日志", "The public log"],
  "ledger.intro": [
    "每一项政务操作都记录在可验证的默克尔日志上；以下是最新的签名检查点。",
    "Every administrative operation is recorded on a verifiable Merkle log; this is its latest signed checkpoint.",
  ],
  "ledger.size": ["日志条目", "Entries"],
  "nav.me": ["我的", "Me"],
  "me.title": ["我的", "My services"],
  "me.login": ["登录", "Sign in"],
  "me.demo": ["演示模式：输入演示公民的身份号码登录（服务启动时会显示）。", "Demo mode: sign in with the demo citizen's identity number (printed when the server starts)."],
  "me.id": ["公民身份号码", "Identity number"],
  "me.nologin": ["正式环境由统一身份认证登录；本服务器未开启演示登录。", "In production, sign-in is through the identity provider; this server has no demo sign-in."],
  "me.logout": ["退出", "Sign out"],
  "me.cases": ["我的办件", "My cases"],
  "me.uses": ["数据使用记录", "Who used my data"],
  "me.none": ["暂无记录", "Nothing yet"],
  "uses.intro": ["每一次对您数据的访问都记录在公开日志上，可逐条验证。", "Every access to your data is on the public log; each can be verified."],
  "uses.verify": ["验证", "Verify"],
  "uses.verified": ["已验证：包含在签名检查点中，日志条目数", "Verified: included in the signed checkpoint of size"],
  "uses.granted": ["已提供", "released"],
  "uses.denied": ["已拒绝", "refused"],
  "basis.power": ["依职权", "under a power"],
  "basis.case": ["依办件", "for a case"],
  "basis.consent": ["经您授权", "with your consent"],
  "case.due": ["法定期限", "Statutory deadline"],
  "case.timeline": ["办理过程", "Progress"],
  "status.draft": ["草稿", "draft"],
  "status.submitted": ["已提交", "submitted"],
  "status.in_progress": ["办理中", "in progress"],
  "status.returned": ["退回补正", "returned for supplement"],
  "status.special": ["特别程序", "special step"],
  "status.decided": ["已决定", "decided"],
  "status.closed": ["已办结", "closed"],
  "apply.start": ["在线申请", "Apply online"],
  "apply.title": ["在线申请", "Apply"],
  "apply.login": ["请先登录", "Please sign in first"],
  "apply.submit": ["提交申请", "Submit"],
  "apply.preview": ["请核对以下由部门共享获取的信息，确认无误后提交", "Check the information shared by the departments that hold it, then submit"],
  "apply.confirm": ["确认提交", "Confirm and submit"],
  "apply.done": ["已提交，办件编号", "Submitted. Case number"],
  "apply.uploading": ["正在上传材料…", "Uploading…"],
  "work.title": ["工作台", "Workbench"],
  "work.id": ["工作人员编号", "Officer id"],
  "work.queue": ["待办", "Queue"],
  "work.comment": ["意见（退回、不予受理、不予批准时必填）", "Comment (required to return, refuse or reject)"],
  "action.accept": ["受理", "Accept"],
  "action.advance": ["进入下一环节", "Next stage"],
  "action.approve": ["准予", "Approve"],
  "action.reject": ["不予批准", "Reject"],
  "action.deliver": ["送达", "Deliver"],
  "action.return": ["退回补正", "Return for supplement"],
  "action.not_accept": ["不予受理", "Refuse"],
  "me.licences": ["我的证照", "My licences"],
  "lic.verify": ["验证证照", "Verify"],
  "verify.title": ["证照验证", "Verify a licence"],
  "verify.paste": ["粘贴电子证照（vc+jwt）", "Paste the e-licence (vc+jwt)"],
  "verify.valid": ["有效", "Valid"],
  "verify.invalid": ["无效", "Not valid"],
  "nav.work": ["工作台", "Workbench"],
  "nav.dash": ["绩效", "Performance"],
  "dash.title": ["政务服务绩效", "Service performance"],
  "dash.intro": ["以下数据直接来自办件记录，每个办件的每一步都在公开日志上。", "Figures come straight from the case records; every step of every case is on the public log."],
  "dash.overdue": ["超期率（按部门）", "Overdue rate by department"],
  "dash.days": ["受理到决定的平均天数", "Average days from acceptance to decision"],
  "dash.ratings": ["好差评分布", "Ratings"],
  "dash.visits": ["到现场次数：实际与承诺", "Visits in person: actual and promised"],
  "dash.visits_actual": ["实际", "actual"],
  "dash.visits_promised": ["承诺", "promised"],
  "dash.table": ["各部门数据", "By department"],
  "dash.avg_rating": ["平均评分", "Average rating"],
  "case.supplement": ["请补正以下材料", "Please supply these materials again"],
  "case.resubmit": ["补交材料", "Send the materials"],
  "rate.title": ["评价", "Rate this service"],
  "rate.level": ["满意程度", "How satisfied are you?"],
  "rate.5": ["非常满意", "very satisfied"],
  "rate.4": ["满意", "satisfied"],
  "rate.3": ["基本满意", "fairly satisfied"],
  "rate.2": ["不满意", "dissatisfied"],
  "rate.1": ["非常不满意", "very dissatisfied"],
  "rate.indicators": ["评价内容", "About"],
  "ind.guide": ["办事指南", "the guide"],
  "ind.process": ["办理流程", "the process"],
  "ind.timeliness": ["办理时效", "timeliness"],
  "ind.attitude": ["服务态度", "attitude"],
  "ind.integrity": ["廉洁自律", "integrity"],
  "ind.online": ["网上办理", "online service"],
  "rate.comment": ["意见建议（选填）", "Comment (optional)"],
  "rate.submit": ["提交评价", "Submit"],
  "lic.qr": ["扫码验证证照", "Scan to verify this licence"],
  "loading": ["加载中…", "Loading…"],
  "error": ["出错了", "Something went wrong"],
  "back": ["返回", "Back"],
};

let lang: Lang = localStorage.getItem("lang") === "en" ? "en" : "zh";

export function currentLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  lang = l;
  localStorage.setItem("lang", l);
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
}

export function t(key: string): string {
  const entry = texts[key];
  if (!entry) return key;
  return lang === "zh" ? entry[0] : entry[1];
}

// A catalogue value with an English twin ("name" / "name_en").
export function pick(obj: Record<string, unknown>, key: string): string {
  const en = obj[`${key}_en`];
  if (lang === "en" && typeof en === "string" && en) return en;
  return String(obj[key] ?? "");
}
