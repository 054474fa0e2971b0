#!/usr/bin/env python3
"""Writes the demo province (示范省) as an import directory: data/demo/*.jsonl.

示范省 is invented. Its division codes use the prefix 99, which GB/T 2260 does not assign
to any real province, so no demo record can be mistaken for a real one. Organisation names
follow the real pattern of Chinese government bodies; their unified social credit codes are
generated with valid check characters (GB 32100-2015, GB 11714) but belong to no real body.
The people named are invented.

Run: python3 scripts/demo-data/generate.py [output-dir]
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalogue  # noqa: E402
import laws  # noqa: E402
import resources  # noqa: E402

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
CLEAN = "--clean" in sys.argv
OUT = ARGS[0] if ARGS else os.path.join(os.path.dirname(__file__), "..", "..", "data", "demo-clean" if CLEAN else "demo")

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def org_check(body):
    s = sum((int(c, 36)) * w for c, w in zip(body, ORG_WEIGHTS))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc(region, serial, category="1"):
    body = f"{int(region[:2]):02d}{serial:06d}"
    s = "1" + category + region + body + org_check(body)
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(s, USCC_WEIGHTS))
    c = 31 - total % 31
    return s + USCC_CHARS[0 if c == 31 else c]


REGIONS = [
    # code, name, English name, parent
    ("990000", "示范省", "Demo Province", ""),
    ("990100", "明川市", "Mingchuan City", "990000"),
    ("990102", "明川市东城区", "Dongcheng District, Mingchuan", "990100"),
    ("990103", "明川市西湖区", "Xihu District, Mingchuan", "990100"),
    ("990121", "青山县", "Qingshan County", "990100"),
    ("990200", "清源市", "Qingyuan City", "990000"),
    ("990202", "清源市城关区", "Chengguan District, Qingyuan", "990200"),
    ("990221", "清河县", "Qinghe County", "990200"),
    ("990300", "临江市", "Linjiang City", "990000"),
    ("990302", "临江市江滨区", "Jiangbin District, Linjiang", "990300"),
    ("990321", "江口县", "Jiangkou County", "990300"),
    ("990102001", "东城区朝阳街道", "Chaoyang Subdistrict, Dongcheng", "990102"),
    ("990102002", "东城区和平街道", "Heping Subdistrict, Dongcheng", "990102"),
    ("990121100", "青山县青山镇", "Qingshan Town", "990121"),
    ("990221101", "清河县河口镇", "Hekou Town", "990221"),
]

# Departments by level: key, Chinese suffix, English, kind.
PROVINCE_DEPTS = [
    ("gov", "人民政府", "People's Government", "government"),
    ("office", "人民政府办公厅", "General Office of the People's Government", "department"),
    ("bianban", "委员会机构编制委员会办公室", "Commission Office for Public Sector Reform", "other"),
    ("fgw", "发展和改革委员会", "Development and Reform Commission", "department"),
    ("edu", "教育厅", "Department of Education", "department"),
    ("police", "公安厅", "Department of Public Security", "department"),
    ("civil", "民政厅", "Department of Civil Affairs", "department"),
    ("hrss", "人力资源和社会保障厅", "Department of Human Resources and Social Security", "department"),
    ("land", "自然资源厅", "Department of Natural Resources", "department"),
    ("housing", "住房和城乡建设厅", "Department of Housing and Urban-Rural Development", "department"),
    ("transport", "交通运输厅", "Department of Transport", "department"),
    ("health", "卫生健康委员会", "Health Commission", "department"),
    ("market", "市场监督管理局", "Administration for Market Regulation", "agency"),
    ("medins", "医疗保障局", "Healthcare Security Administration", "agency"),
    ("data", "政务服务和数据管理局", "Government Services and Data Administration", "agency"),
    ("ecoenv", "生态环境厅", "Department of Ecology and Environment", "department"),
    ("tax", "税务局", "Tax Service", "vertical"),
    ("disabled", "残疾人联合会", "Disabled Persons' Federation", "other"),
]
CITY_DEPTS = [
    ("gov", "人民政府", "People's Government", "government"),
    ("market", "市场监督管理局", "Administration for Market Regulation", "agency"),
    ("police", "公安局", "Public Security Bureau", "department"),
    ("civil", "民政局", "Civil Affairs Bureau", "department"),
    ("hrss", "人力资源和社会保障局", "Human Resources and Social Security Bureau", "department"),
    ("land", "自然资源和规划局", "Natural Resources and Planning Bureau", "department"),
    ("housing", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau", "department"),
    ("transport", "交通运输局", "Transport Bureau", "department"),
    ("health", "卫生健康委员会", "Health Commission", "department"),
    ("medins", "医疗保障局", "Healthcare Security Bureau", "agency"),
    ("edu", "教育局", "Education Bureau", "department"),
    ("approval", "行政审批局", "Administrative Approval Bureau", "agency"),
    ("fund", "住房公积金管理中心", "Housing Provident Fund Management Centre", "institution"),
    ("disabled", "残疾人联合会", "Disabled Persons' Federation", "other"),
    ("tax", "税务局", "Tax Bureau", "vertical"),
]
COUNTY_DEPTS = [
    ("gov", "人民政府", "People's Government", "government"),
    ("market", "市场监督管理局", "Administration for Market Regulation", "agency"),
    ("police", "公安局", "Public Security Bureau", "department"),
    ("civil", "民政局", "Civil Affairs Bureau", "department"),
    ("hrss", "人力资源和社会保障局", "Human Resources and Social Security Bureau", "department"),
    ("edu", "教育局", "Education Bureau", "department"),
    ("health", "卫生健康局", "Health Bureau", "department"),
]

SHORT = {"990000": "sfs", "990100": "mc", "990200": "qy", "990300": "lj",
         "990102": "mc-dc", "990103": "mc-xh", "990121": "qs", "990202": "qy-cg",
         "990221": "qh", "990302": "lj-jb", "990321": "jk"}


def org_name(region_name, suffix, dept):
    if dept == "tax":
        return "国家税务总局" + region_name + suffix
    if dept == "bianban":
        return "中共" + region_name + suffix
    return region_name + suffix


TYPE_ABBR = {"licensing": "XK", "penalty": "CF", "enforcement": "QZ", "levy": "ZS", "benefit": "JF",
             "inspection": "JC", "confirmation": "QR", "reward": "JL", "adjudication": "CJ", "other": "QT",
             "public_service": "GG"}
CENTER_HOURS = "周一至周五 9:00–12:00，13:30–17:00；周六上午 9:00–12:00"
WINDOW_HOURS = "周一至周五 8:30–12:00，14:00–17:30"


def build_network(ids, region_names):
    """Powers, service items and life events for every region; planted defects unless CLEAN."""
    powers, items, life_events = [], [], []
    counters = {}
    defects = {"overlaps": [], "cycles": [], "unfounded_items": [], "unfounded_powers": []}

    def power(region, dept, type, name, object, basis, holder=None):
        counters[region] = counters.get(region, 0) + 1
        code = f"{region}-{TYPE_ABBR[type]}-{counters[region]:04d}"
        stages = catalogue.STAGES[type]
        powers.append({"code": code, "name": name, "type": type, "holder": holder or ids[(region, dept)],
                       "object": object, "basis": basis,
                       "stages": [{"stage": s, "duty": d} for s, d in stages],
                       "accountability": catalogue.ACCOUNTABILITY.get(type, catalogue.DEFAULT_ACCOUNTABILITY)})
        return code

    def place(t, region):
        rn = region_names[region]
        if t["place"] == "police":
            return {"name": f"{rn}公安局户政服务大厅", "address": f"{rn}平安路{len(rn) * 3 + 1}号（示范地址）", "hours": WINDOW_HOURS}
        if t["place"] == "marriage":
            return {"name": f"{rn}婚姻登记处", "address": f"{rn}和顺街{len(rn) * 2 + 8}号（示范地址）", "hours": WINDOW_HOURS}
        return {"name": f"{rn}政务服务中心", "address": f"{rn}人民大道{len(rn) * 11 + 100}号（示范地址）", "hours": CENTER_HOURS}

    def item(t, region, rank, extra_materials=(), drop_licences=False, holder_dept=None, power_code=None, basis=None):
        """One item of template t in a region; rank 0 is that region's best practice, 2 its worst."""
        dept = holder_dept or t["dept"]
        org = ids[(region, dept)]
        competent = ids[(region, t["dept"])]
        code = f"{region}-{t['catalog_code']}-01"
        if power_code is None:
            power_code = power(region, dept, t["type"], t["name"], t["object"], t["basis"], holder=org)
        materials = [m for m in t["materials"] if not (drop_licences and m["source"]["kind"] == "licence")]
        applicant = [m for m in materials if m["source"]["kind"] == "applicant"]
        if rank == 0 and len(applicant) >= 2:
            materials = [m for m in materials if m is not applicant[-1]]  # one fewer document to bring
        if rank == 2:
            materials = materials + [catalogue.M("其他相关证明材料（原件及复印件）", required=False, trust="D")]
        materials = materials + list(extra_materials)
        statutory = t["statutory"]
        promised = [max(0, statutory // 4), statutory // 2, (statutory * 4) // 5][rank]
        in_person = t["catalog_code"] in catalogue.IN_PERSON
        visits = [0, 1, 2][rank]
        depth = [4, 3, 2][rank]
        if in_person:
            visits, depth = max(1, visits), min(3, depth)
        channels = {4: ["online", "mobile", "window"], 3: ["online", "window"], 2: ["window", "online"]}[depth]
        fees = [{"name": n, "amount_fen": a, "basis": b} for n, a, b in t["fees"]]
        doc = {"code": code, "catalog_code": t["catalog_code"], "name": t["name"], "name_en": t["name_en"],
               "region": region, "org": org, "competent_org": competent, "power": power_code, "type": t["type"],
               "audience": t["audience"], "basis": t["basis"] if basis is None else basis,
               "conditions": t["conditions"], "materials": materials, "fees": fees, "channels": channels,
               "places": [place(t, region)], "statutory_days": statutory, "promised_days": promised,
               "special_steps": [{"name": n, "counts_toward_limit": c, "max_days": d} for n, c, d in t["special"]],
               "visits": visits, "online_depth": depth, "keywords": t["keywords"],
               "description": t["description"] or f"{region_names[region]}{t['name']}：{t['conditions'][0]}。"}
        if t["output"]:
            doc["output"] = {"name": t["output"], "licence": t["licence"]}
        items.append(doc)
        return code

    cities = [c for c, _, _, p in REGIONS if p == "990000"]
    counties = [c for c, _, _, p in REGIONS if len(c) == 6 and p in cities]
    by_code = {t["catalog_code"]: t for t in catalogue.CITY_ITEMS}

    for ci, city in enumerate(cities):
        # 明川市 has an administrative approval bureau (相对集中行政许可权): it holds and exercises
        # the licensing powers of market regulation and housing.
        moved = city == "990100"
        for ti, t in enumerate(catalogue.CITY_ITEMS):
            rank = (ti + ci) % 3
            holder = "approval" if moved and t["type"] == "licensing" and t["dept"] in ("market", "housing") else None
            extra, drop = (), False
            if not CLEAN and city == "990200" and t["catalog_code"] == "000503":
                extra = [catalogue.M("房屋租赁登记备案证明", "licence", "003101")]
            if not CLEAN and city == "990200" and t["catalog_code"] == "003101":
                extra = [catalogue.M("居住证", "licence", "000503")]
            if not CLEAN and city == "990300" and t["catalog_code"] == catalogue.INDIV:
                extra = [catalogue.M("公共场所卫生许可证", "licence", "002401")]
            if not CLEAN and city == "990300" and t["catalog_code"] == "002401":
                extra = [catalogue.M("污水排入排水管网许可证", "licence", "003201")]
            item(t, city, rank, extra, drop, holder_dept=holder)
        for dept, type, name, object, basis in catalogue.CITY_POWERS:
            power(city, dept, type, name, object, basis)
        for k, (suffix, name, en, lead, codes, keywords) in enumerate(catalogue.LIFE_EVENTS):
            if k % 3 != ci and k not in (0, 1) or (k in (0, 1) and ci == 1):
                continue
            life_events.append({"code": f"{city}-LE-{suffix}", "name": name, "name_en": en, "region": city,
                                "lead_org": ids[(city, lead)], "items": [f"{city}-{c}-01" for c in codes],
                                "promised_days": 3 + k % 3, "visits": [0, 1, 0][ci],
                                "description": f"{region_names[city]}{name}：一张表单、一套材料、一次提交，相关部门并联办理。",
                                "keywords": keywords})
    for ki, county in enumerate(counties):
        for ti, cc in enumerate(catalogue.COUNTY_ITEM_CODES):
            item(by_code[cc], county, (ti + ki + 1) % 3)
        for dept, type, name, object, basis in catalogue.COUNTY_POWERS:
            power(county, dept, type, name, object, basis)
    for ti, t in enumerate(catalogue.PROVINCE_ITEMS):
        item(t, "990000", ti % 3)
    for dept, type, name, object, basis in catalogue.PROVINCE_POWERS:
        power("990000", dept, type, name, object, basis)

    code_of = {(p["holder"], p["name"]): p["code"] for p in powers}
    if not CLEAN:
        # (a) Overlapping inspections (多头检查): 明川市 health commission inspects the same object
        # as market regulation; 清源市 housing inspects under the planning department's article.
        mc, qy, lj = "990100", "990200", "990300"
        a = power(mc, "health", "inspection", "对餐饮服务提供者食品卫生状况的监督检查", "食品经营者", [catalogue.B("jbyl", 1)])
        defects["overlaps"].append([code_of[(ids[(mc, "market")], "对食品经营者的监督检查")], a])
        b = power(qy, "housing", "inspection", "违法建设行为监督检查", "违法建设行为", [catalogue.B("cxgh", 53)])
        defects["overlaps"].append([code_of[(ids[(qy, "land")], "城乡规划实施监督检查")], b])
        # (b) Circular proofs (循环证明), planted in item() above.
        defects["cycles"].append([f"{qy}-000503-01", f"{qy}-003101-01"])
        defects["cycles"].append([f"{lj}-{catalogue.INDIV}-01", f"{lj}-002401-01", f"{lj}-003201-01"])
        # (c) No legal basis (法无授权): 奇葩证明 still issued in 明川市.
        p1 = power(mc, "police", "other", "出具居住证明、亲属关系证明", "申请开具证明的居民", [])
        p2 = power(mc, "housing", "other", "出具无房证明", "申请开具无房证明的居民", [])
        defects["unfounded_powers"] += [p1, p2]
        for cc, name, en, dept, pcode in [("009001", "居住证明开具", "Certificate of residence", "police", p1),
                                          ("009002", "亲属关系证明开具", "Certificate of kinship", "police", p1),
                                          ("009003", "无房证明开具", "Certificate of owning no home", "housing", p2)]:
            t = catalogue.T(cc, name, en, dept, "other", [], ["本市居民"], [catalogue.ID, catalogue.M("社区出具的情况说明")],
                            5, [name.replace("开具", ""), "开证明"])
            defects["unfounded_items"].append(item(t, mc, 2, power_code=pcode, basis=[]))
    check_no_accidental_overlaps(powers, ids, defects)
    return {"powers": powers, "items": items, "life_events": life_events, "defects": defects}


def check_no_accidental_overlaps(powers, ids, defects):
    """Within a region, no two departments may share a type and a basis article or an object,
    except for the planted overlaps: the clean variant must have no findings at all."""
    region_of = {oid: region for (region, _), oid in ids.items()}
    planted = {c for pair in defects["overlaps"] for c in pair}
    seen = {}
    for p in powers:
        keys = [("basis", f"{b['law']}:{b['article']}") for b in p["basis"]] + [("object", p["object"])]
        for k in keys:
            key = (region_of[p["holder"]], p["type"]) + k
            other = seen.setdefault(key, p)
            if other["holder"] != p["holder"] and not ({other["code"], p["code"]} <= planted):
                raise SystemExit(f"accidental overlap: {other['code']} / {p['code']} on {key}")


def main():
    os.makedirs(OUT, exist_ok=True)
    orgs, ids = [], {}
    serial = 0
    levels = {"990000": PROVINCE_DEPTS}
    for code, name, en, parent in REGIONS:
        if len(code) != 6 or code == "990000":
            continue
        levels[code] = CITY_DEPTS if code.endswith("00") else COUNTY_DEPTS
    region_names = {c: n for c, n, _, _ in REGIONS}
    region_en = {c: e for c, _, e, _ in REGIONS}
    for code, depts in levels.items():
        for key, suffix, en, kind in depts:
            serial += 1
            oid = uscc(code, serial, "1")
            ids[(code, key)] = oid
            parent = ""
            if key != "gov":
                parent = ids[(code, "gov")]
            if kind == "vertical":
                # Vertical bodies report to the body above them, not to the local government.
                up = "990000" if code.endswith("00") and code != "990000" else None
                parent = ids.get((up, "tax"), "") if up else ""
            orgs.append({"id": oid, "name": org_name(region_names[code], suffix, key),
                         "name_en": f"{en}, {region_en[code]}", "kind": kind, "region": code,
                         **({"parent": parent} if parent else {})})

    officers = [{"id": "admin", "org": ids[("990000", "bianban")], "name": "周正", "roles": ["admin"]},
                {"id": "auditor", "org": ids[("990000", "office")], "name": "钱明", "roles": ["auditor"]}]
    given = ["李华", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "吴刚", "徐丽", "孙强", "胡雪",
             "朱军", "高峰", "林琳", "何平", "郭勇", "马超", "罗兰", "梁晨"]
    n = 0
    for (code, key), oid in sorted(ids.items()):
        if key in ("gov", "bianban"):
            continue
        officers.append({"id": f"{SHORT[code]}-{key}-01", "org": oid, "name": given[n % len(given)],
                         "roles": ["officer"]})
        n += 1

    def write(name, rows):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")

    write("regions.jsonl", [{"code": c, "name": n, "name_en": e, **({"parent": p} if p else {})}
                            for c, n, e, p in REGIONS])
    write("organisations.jsonl", orgs)
    write("officers.jsonl", officers)
    network = build_network(ids, region_names)
    write("laws.jsonl", laws.LAWS)
    write("data_resources.jsonl", resources.build(ids))
    write("powers.jsonl", network["powers"])
    write("service_items.jsonl", network["items"])
    write("life_events.jsonl", network["life_events"])
    if not CLEAN:
        expected = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "analyses", "expected.json")
        os.makedirs(os.path.dirname(expected), exist_ok=True)
        with open(expected, "w", encoding="utf-8") as f:
            json.dump(network["defects"], f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"{len(REGIONS)} regions, {len(orgs)} organisations, {len(officers)} officers, {len(laws.LAWS)} laws, "
          f"{len(network['powers'])} powers, {len(network['items'])} items, {len(network['life_events'])} life events"
          f"{' (clean)' if CLEAN else ''} → {OUT}")


if __name__ == "__main__":
    main()
