#!/usr/bin/env python3
"""
bench/gen_kb.py STORE N [SEED]: write N published knowledge-base articles
into STORE (kb/2025/MM/K-....json), their text drawn from service-desk
phrases in Chinese with some English, for timing kb search.
"""

import json
import random
import sys

B32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
THINGS = ["投影仪", "话筒", "音响", "空调", "无线网络", "Wi-Fi", "会议室", "茶歇",
	  "午餐", "停车场", "电梯", "白板", "打印机", "门禁卡", "视频会议终端",
	  "同传设备", "座牌", "签到台", "发票", "PPT", "HDMI线", "电源插座"]
TROUBLES = ["无法开机", "没有声音", "画面发黄", "频繁断线", "温度过低", "送达延误",
	    "数量不够", "卡纸", "刷卡无反应", "显示无信号", "出现啸叫", "有异味",
	    "预订冲突", "开具错误", "等候时间过长"]
FIXES = ["更换电源线后恢复正常", "更换电池并在会前检查", "调整设备位置并重新调试",
	 "联系供应商提前送达", "安排专人跟进并回访客户", "清洁后重新测试",
	 "重新授权并检查读卡器", "增加备用设备", "对人员进行培训并纳入考核"]
KINDS = ["complaint", "inquiry", "request", "suggestion"]
CATS = ["attitude", "equipment", "venue", "process", "catering", "other"]


def main():
	store, n = sys.argv[1], int(sys.argv[2])
	rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
	import os
	for i in range(n):
		month = 1 + i % 12
		rid = "".join(rnd.choice(B32) for _ in range(6))
		kid = "K-25%02d15-%s" % (month, rid)
		thing, trouble = rnd.choice(THINGS), rnd.choice(TROUBLES)
		other = rnd.choice(THINGS)
		title = "%s%s" % (thing, trouble)
		problem = "客户反映%s%s，%s也受到影响，会议无法按时进行。" % (
			thing, trouble, other)
		solution = "%s：%s，并在下次会议前检查%s。" % (
			rnd.choice(FIXES), rnd.choice(FIXES), other)
		at = "2025-%02d-15T10:00:00+08:00" % month
		kind = rnd.choice(KINDS)
		rec = {"id": kid, "created_at": at, "state": {}, "events": [
			{"id": "E-25%02d15-AAAA" % month, "at": at, "by": "S-bench",
			 "type": "write", "title": title, "problem": problem,
			 "solution": solution, "tags": [thing],
			 "kinds": [kind],
			 "categories": [rnd.choice(CATS)] if kind == "complaint" else [],
			 "causes": [], "source_tickets": []},
			{"id": "E-25%02d15-AAAB" % month, "at": at, "by": "S-bench",
			 "type": "publish", "review_due": "2026-12-31T10:00:00+08:00"}]}
		d = os.path.join(store, "kb", "2025", "%02d" % month)
		os.makedirs(d, exist_ok=True)
		with open(os.path.join(d, kid + ".json"), "w", encoding="utf-8") as f:
			json.dump(rec, f, ensure_ascii=False, indent=2)
			f.write("\n")


main()
