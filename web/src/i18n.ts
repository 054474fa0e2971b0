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
