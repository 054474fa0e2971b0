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

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "data", "demo")

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
    print(f"{len(REGIONS)} regions, {len(orgs)} organisations, {len(officers)} officers → {OUT}")


if __name__ == "__main__":
    main()
