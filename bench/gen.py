#!/usr/bin/env python3
"""
bench/gen.py: build a plaindesk store of N realistic tickets for make bench.

    gen.py store --n N --seed S --bin BINDIR --out DIR
    gen.py newrec --store DIR --like ID [--count K] [--spool DIR]

"store" makes a year (2025) of customer service at a conference and
meeting services company: staff, customer, room and holiday registers of
a size that fits N, meetings, and N tickets whose kinds, channels,
severities, categories, times of day and months follow realistic
proportions.  Everything the tools can do goes through them:
plaindesk-init makes the store; the registers are written as CSV and
committed; the meetings are planned, sent, minuted, published, done and
rated with mtg-plan and mtg-minutes, each step at its own PLAINDESK_NOW;
the tickets are opened with `ticket-open --from-csv`, one import per
month, back-dated with the `at` column and PLAINDESK_NOW at the end of
the month.  The rest of each ticket's life (acks, assignments, causes,
plans, resolutions, closes, reopens, warnings and escalations) would
take one ticket-update per event, which is too slow for 100,000 tickets,
so it is written into the records directly, in the canonical form of
record_format() with the state the fold derives, and committed with git.
plaindesk-check must then pass (state agrees with events, references
resolve), and when ticket-update is built, 50 generated records are run
through it: a note must change nothing but add its event.  At the end
the store is packed into one pack, as `git gc` would leave it.

The seed fixes the content; the record ids are drawn by ticket-open from
the system's random source, so two stores of the same seed differ in ids
only.  The last 1 % of the tickets (by opening time) are the backlog: not
resolved at "now" and never seen by the escalation pass, so that a pass a
week later finds 1 % of the store due.

A description of the store (now, the backlog, a ticket to update) is
written to DIR.json beside it.

"newrec" writes K new valid ticket records into the store (or into a
spool directory, under their store paths), each a copy of ticket ID under
a fresh id of the same day, and prints their paths relative to the store:
the new files that the git CLI and libgit2 benchmarks commit.

Python 3 standard library only.
"""

import argparse
import bisect
import csv
import datetime as dt
import io
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time

GEN_VERSION = 2
YEAR = 2025
TZ = dt.timezone(dt.timedelta(hours=8))	# Asia/Shanghai, the store's zone
T0 = dt.datetime(YEAR, 1, 1, 0, 0, tzinfo=TZ)
NOW = dt.datetime(YEAR, 12, 31, 18, 0, tzinfo=TZ)	# "now" of the store
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LADDER = ["agent", "manager", "gm"]

# Public holidays of 2025 and the weekend days worked instead (调休), and
# the first of 2026, so that working-day arithmetic past "now" is right.
HOLIDAYS = [
	("2025-01-01", "holiday", "元旦"),
	("2025-01-26", "workday", "春节调休"),
	*[("2025-01-%02d" % d, "holiday", "春节") for d in range(28, 32)],
	*[("2025-02-%02d" % d, "holiday", "春节") for d in range(1, 5)],
	("2025-02-08", "workday", "春节调休"),
	*[("2025-04-%02d" % d, "holiday", "清明节") for d in range(4, 7)],
	("2025-04-27", "workday", "劳动节调休"),
	*[("2025-05-%02d" % d, "holiday", "劳动节") for d in range(1, 6)],
	("2025-05-31", "holiday", "端午节"),
	("2025-06-01", "holiday", "端午节"),
	("2025-06-02", "holiday", "端午节"),
	("2025-09-28", "workday", "国庆节调休"),
	*[("2025-10-%02d" % d, "holiday", "国庆节、中秋节") for d in range(1, 9)],
	("2025-10-11", "workday", "国庆节调休"),
	*[("2026-01-%02d" % d, "holiday", "元旦") for d in range(1, 4)],
	("2026-01-04", "workday", "元旦调休"),
]
_HOL = {d: k for d, k, _ in HOLIDAYS}

# Proportions.
KINDS = [("inquiry", 48), ("complaint", 20), ("request", 23), ("suggestion", 9)]
CHANNELS = {
	"inquiry": [("phone", 32), ("online", 26), ("email", 18), ("social", 12),
		    ("onsite", 9), ("other", 3)],
	"complaint": [("onsite", 30), ("phone", 30), ("email", 14),
		      ("online", 12), ("social", 11), ("other", 3)],
	"request": [("onsite", 28), ("phone", 27), ("email", 20),
		    ("online", 18), ("social", 4), ("other", 3)],
	"suggestion": [("online", 35), ("email", 25), ("social", 15),
		       ("onsite", 12), ("phone", 8), ("other", 5)],
}
SEVERITIES = [("general", 70), ("important", 25), ("major", 5)]
CATEGORIES = [("equipment", 29), ("venue", 20), ("catering", 16),
	      ("process", 15), ("attitude", 12), ("other", 8)]
TIERS = [("vip", 3), ("key", 12), ("general", 70), ("potential", 15)]
TIER_WEIGHT = {"vip": 9.0, "key": 4.0, "general": 1.0, "potential": 0.4}
MONTH_WEIGHT = [0.85, 0.6, 1.0, 1.1, 1.05, 1.1, 0.85, 0.8, 1.15, 0.9, 1.2,
		1.0]
HOUR_WORKDAY = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 1, 3, 9, 16, 19, 17, 11, 13, 17,
		18, 16, 13, 7, 5, 4, 3, 2, 1.5]
HOUR_OFFDAY = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.5, 3, 5, 6, 6, 5, 5, 6, 6,
	       5, 5, 4, 4, 3, 2, 1.5, 1]
TEAMS = [("desk", 50), ("av", 20), ("venue", 15), ("catering", 15)]
TEAM_OF = {"equipment": "av", "venue": "venue", "catering": "catering"}
SATISFACTION = [(5, 50), (4, 34), (3, 9), (2, 4), (1, 3)]
ON_TIME_RESPONSE = {"inquiry": 0.96, "complaint": 0.95, "request": 0.94,
		    "suggestion": 0.97}
ON_TIME_RESOLUTION = {"inquiry": 0.93, "complaint": 0.88, "request": 0.91,
		      "suggestion": 0.92}
START_LEVEL = {"complaint/major": 2, "complaint/important": 1}

SURNAMES = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"),
	    ("陈", "chen"), ("杨", "yang"), ("赵", "zhao"), ("黄", "huang"),
	    ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"),
	    ("胡", "hu"), ("朱", "zhu"), ("高", "gao"), ("林", "lin"),
	    ("何", "he"), ("郭", "guo"), ("马", "ma"), ("罗", "luo")]
GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"),
	 ("静", "jing"), ("磊", "lei"), ("强", "qiang"), ("洋", "yang"),
	 ("艳", "yan"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"),
	 ("超", "chao"), ("秀英", "xiuying"), ("丽", "li"), ("军", "jun"),
	 ("婷", "ting"), ("浩", "hao"), ("鹏", "peng"), ("晨", "chen")]
CITIES = [("北京", "Beijing", "10"), ("上海", "Shanghai", "21"),
	  ("广州", "Guangzhou", "20"), ("深圳", "Shenzhen", "755"),
	  ("杭州", "Hangzhou", "571"), ("成都", "Chengdu", "28"),
	  ("南京", "Nanjing", "25"), ("武汉", "Wuhan", "27")]
ORG_WORDS = ["华夏", "星河", "远航", "金桥", "博远", "瑞丰", "鼎盛", "嘉禾",
	     "联创", "天成", "恒信", "新程", "东方", "国泰", "中科", "锦程"]
ORG_KINDS = ["会展服务有限公司", "文化传媒有限公司", "科技有限公司",
	     "医药集团", "教育咨询有限公司", "国际旅行社", "律师事务所",
	     "投资管理有限公司", "汽车销售服务有限公司", "行业协会"]
EN_ORGS = ["Acme", "Lotus Travel", "Harbour Events", "Northwind", "Contoso",
	   "Blue Ridge Pharma", "Summit Partners", "Pacific Expo", "Orbit Labs",
	   "Greenfield Schools", "Red Lantern Media", "Jade Capital"]
EN_SUFFIX = ["Ltd", "Co., Ltd.", "Group", "Inc.", "Association"]
HALLS = ["A", "B", "C", "D"]
ROOM_NAMES = ["Room", "会议室", "Hall", "Training Room", "多功能厅", "VIP 室"]

TITLES = {
	"inquiry": [
		"大会议室{d}是否可预订？", "Is hall {h} free on {d}?",
		"{n} 人的会议需要多大的场地？", "Invoice for the {m} event",
		"发票开具流程咨询", "Parking for {n} attendees",
		"Wi-Fi for hall {h}", "同声传译设备租赁价格", "Catering menu for {d}",
		"会场是否提供无障碍通道？", "Can we bring our own banners?",
		"{h} 厅的投影分辨率是多少？", "Shuttle bus from the airport",
		"会议室按小时计费吗？", "Deposit and cancellation terms",
	],
	"request": [
		"Extra chairs for room {r}", "需要增加一台翻页笔",
		"Move the coffee break to {t}", "会议室{r}需要加装视频会议设备",
		"Print {n} name badges", "请提供{n}份会议资料袋",
		"Change the room layout to classroom style", "延长会场使用时间至{t}",
		"Reserve {n} parking spaces", "需要一名现场摄影师",
		"Add vegetarian meals for {n} people", "提前一小时开放{h}厅",
	],
	"suggestion": [
		"Add a live caption screen", "建议增加素食选项",
		"Online check-in for attendees", "会场指示牌可以更醒目一些",
		"Offer a quiet room for calls", "建议提供充电宝租借",
		"Publish the Wi-Fi password on the badge", "茶歇时间可以更长一些",
		"Send the agenda by SMS as well", "建议在大厅设置饮水机",
	],
	"complaint/equipment": [
		"Projector failed in room {r}", "{h} 厅麦克风无声",
		"Video link dropped during the keynote", "会议室{r}空调遥控器失灵",
		"Clicker batteries were flat", "翻译耳机杂音很大",
		"Screen flickered for the whole session", "会议室{r}网络无法连接",
	],
	"complaint/venue": [
		"Air conditioning too cold in hall {h}", "会场太吵，隔壁在装修",
		"Room {r} was not cleaned before our meeting", "洗手间排队太久",
		"Signs to hall {h} were missing", "会议室{r}有异味",
	],
	"complaint/catering": [
		"茶歇供应不足", "Lunch arrived {n} minutes late",
		"Coffee ran out at {t}", "餐食不符合清真要求",
		"Vegetarian meals were missing", "晚宴菜品偏凉",
	],
	"complaint/process": [
		"Registration queue took {n} minutes", "会议议程临时变更未通知",
		"Our room was double-booked", "签到系统重复扣费",
		"Invoice amount was wrong", "会议资料未按时送达",
	],
	"complaint/attitude": [
		"Staff at the front desk was rude", "服务人员态度冷淡",
		"Nobody answered the hotline for {n} minutes", "保安拒绝嘉宾入场且态度粗暴",
		"The technician left before the session ended",
	],
	"complaint/other": [
		"Lost property was not returned", "停车场收费不合理",
		"Our banner was damaged", "会议照片迟迟未发送",
	],
}
DESCRIPTIONS = [
	"客户来电反映：{x}。已记录联系人及会议时间，需尽快答复。",
	"The customer wrote: {x}. They expect an answer before their next event.",
	"现场工作人员报告：{x}。客户希望得到正式回复，并要求说明后续改进措施。",
	"Reported at the front desk: {x}. Contact person is the event organiser; "
	"please call back during office hours.",
	"客户在线留言：{x}。该客户本季度已有多场会议，请优先处理。",
	"From the feedback form: {x}. The customer attached photos, which were "
	"forwarded by e-mail to the team.",
]
DETAILS = [
	"会议当天约有{n}名参会人员受到影响",
	"about {n} attendees were affected",
	"the organiser had to delay the programme by {n} minutes",
	"问题持续了约{n}分钟，主持人不得不临时调整议程",
	"this is the second time this quarter",
	"客户表示如不能妥善处理将考虑更换服务商",
	"they would like a written confirmation",
	"需要与场地、技术和餐饮团队共同确认",
]
ACK_MSGS = ["已收到，正在核实情况。", "Thanks, we are looking into it.",
	    "已联系客户，约定今天下午回电。", "We have called the organiser back.",
	    "已转交相关团队处理。", "Acknowledged; a technician is on the way."]
NOTE_MSGS = ["客户再次来电询问进度。", "Waiting for the supplier's reply.",
	     "已与场地方确认细节。", "Sent the quote by e-mail.",
	     "技术人员已到场检查。", "Customer asked for a call tomorrow morning.",
	     "内部复盘会已安排。"]
RESOLVE_MSGS = ["已向客户说明并致歉，客户表示理解。",
		"Replaced the faulty unit and tested it with the customer.",
		"已调整流程并通知相关人员。", "Answered by phone; details sent by e-mail.",
		"Refund issued for the affected service.", "已提供替代方案，客户确认可行。"]
CLOSE_GOOD = ["满意", "Quick and friendly, thank you.", "处理及时。",
	      "Solved, thanks.", ""]
CLOSE_BAD = ["处理太慢。", "Still not happy with the answer.",
	     "希望以后不要再发生。", "Nobody called back as promised."]
REOPEN_REASONS = ["客户表示问题依旧存在。", "The fix did not hold.",
		  "客户对处理结果不满意，要求重新处理。"]
PLAN_MSGS = ["Check the equipment log and replace the unit.",
	     "与供应商协商补偿方案。", "Brief the team on the new procedure.",
	     "安排专项培训。", "Offer a partial refund."]

MEETING_TYPES = [("routine", 50), ("seminar", 15), ("training", 15),
		 ("decision", 10), ("other", 10)]
MEETING_TITLES = {
	"routine": ["Weekly desk review", "服务台周例会", "{team} team sync",
		    "月度客户服务复盘", "Project status meeting"],
	"seminar": ["客户满意度提升研讨", "Seminar: handling major complaints",
		    "会展行业趋势研讨会"],
	"training": ["新员工服务礼仪培训", "AV equipment training",
		     "投诉处理流程培训", "Fire safety drill briefing"],
	"decision": ["年度供应商选择决策会", "Budget decision for hall renovation",
		     "服务标准修订决策会"],
	"other": ["Team lunch planning", "部门团建安排", "Office move briefing"],
}
AGENDA_TOPICS = ["上周工单回顾", "Open complaints", "SLA figures",
		 "客户反馈", "Equipment status", "下周会议安排", "Staffing",
		 "培训计划", "Any other business", "预算执行情况"]


def rfc3339(t):
	return t.astimezone(TZ).strftime("%Y-%m-%dT%H:%M:%S+08:00")


def parse_time(s):
	return dt.datetime.fromisoformat(s)


def pick(rng, pairs):
	"""A value from (value, weight) pairs."""
	total = sum(w for _, w in pairs)
	x = rng.random() * total
	for v, w in pairs:
		x -= w
		if x < 0:
			return v
	return pairs[-1][0]


def is_workday(d):
	k = _HOL.get(d.isoformat())
	if k == "holiday":
		return False
	if k == "workday":
		return True
	return d.weekday() < 5


def next_work(t):
	"""The next working instant at or after t (09:00-18:00 on working days)."""
	t = t.astimezone(TZ)
	for _ in range(40):
		d = t.date()
		if is_workday(d):
			start = dt.datetime(d.year, d.month, d.day, 9, tzinfo=TZ)
			end = dt.datetime(d.year, d.month, d.day, 18, tzinfo=TZ)
			if t < start:
				return start
			if t < end:
				return t
		t = dt.datetime(d.year, d.month, d.day, tzinfo=TZ) + dt.timedelta(days=1)
	return t


def rand_id(rng, n):
	return "".join(rng.choice(CROCKFORD) for _ in range(n))


def fill(rng, s):
	return s.format(d=rng.choice(["下周三", "next Tuesday", "3月12日",
				       "Friday", "月底", "the 20th"]),
			h=rng.choice(HALLS), n=rng.choice([5, 12, 20, 30, 45, 80, 150, 300]),
			m=rng.choice(["March", "spring", "annual", "Q3", "launch"]),
			r=rng.randint(1, 12), t=rng.choice(["10:30", "15:00", "17:30", "19:00"]),
			team=rng.choice(["Desk", "AV", "Venue", "Catering"]),
			x=rng.choice(DETAILS).format(n=rng.choice([10, 15, 20, 30, 40, 60, 120])))


# ---------------------------------------------------------------------------
# Canonical record bytes: the same as lib/record.c's record_format().

TICKET_KEYS = ["id", "kind", "channel", "customer", "tier", "meeting",
	       "category", "severity", "rule", "title", "description",
	       "opened_at", "state", "events"]
TICKET_STATE_KEYS = ["status", "assignee", "level", "response_due",
		     "resolution_due", "responded_at", "resolved_at",
		     "closed_at", "paused"]
MEETING_KEYS = ["id", "type", "title", "organizer", "start", "duration_min",
		"room", "attendees", "agenda", "materials", "ad_hoc", "reason",
		"sequence", "state", "minutes", "actions", "feedback", "events"]
MEETING_STATE_KEYS = ["status", "approved_by", "agenda_sent_at",
		      "published_at"]
MINUTES_KEYS = ["started_at", "ended_at", "present", "absent", "late",
		"items", "decisions"]
EVENT_KEYS = ["id", "at", "by", "type", "kind", "action", "from", "to",
	      "cause", "solution", "owner", "due", "deadline", "breach",
	      "until", "duration", "approved_by", "plan", "satisfaction",
	      "accepted", "score", "comment", "reason", "target", "recipients",
	      "event", "channel", "changes", "added", "on_time", "conflict",
	      "note", "message"]
ITEM_KEYS = ["id", "n", "who", "required", "topic", "goal", "minutes", "text",
	     "owner", "due", "expected", "outcome", "notes", "done_at", "note",
	     "by", "score", "comment", "at"]


def _scalar(v):
	return json.dumps(v, ensure_ascii=False)


def _ordered(obj, order):
	keys = [k for k in (order or []) if k in obj]
	keys += [k for k in obj if not order or k not in order]
	return keys


def _inline(v, order=None):
	if isinstance(v, dict):
		return "{" + ", ".join(_scalar(k) + ": " + _inline(v[k])
				       for k in _ordered(v, order)) + "}"
	if isinstance(v, list):
		return "[" + ", ".join(_inline(e) for e in v) + "]"
	return _scalar(v)


def _order_for(key, parent):
	if key == "state":
		return MEETING_STATE_KEYS if parent is MEETING_KEYS else TICKET_STATE_KEYS
	if key == "minutes" and parent is MEETING_KEYS:
		return MINUTES_KEYS
	return None


def _object(out, obj, depth, order):
	if not obj:
		out.append("{}")
		return
	keys = _ordered(obj, order)
	out.append("{\n")
	for i, k in enumerate(keys):
		out.append("  " * (depth + 1) + _scalar(k) + ": ")
		_value(out, obj[k], depth + 1, order, k)
		out.append(",\n" if i + 1 < len(keys) else "\n")
	out.append("  " * depth + "}")


def _value(out, v, depth, parent, key):
	if isinstance(v, dict):
		_object(out, v, depth, _order_for(key, parent))
	elif isinstance(v, list):
		if all(not isinstance(e, (dict, list)) for e in v):
			out.append(_inline(v))
			return
		out.append("[\n")
		for i, e in enumerate(v):
			out.append("  " * (depth + 1) +
				   _inline(e, EVENT_KEYS if key == "events" else ITEM_KEYS))
			out.append(",\n" if i + 1 < len(v) else "\n")
		out.append("  " * depth + "]")
	else:
		out.append(_scalar(v))


def record_format(rec):
	out = []
	_object(out, rec, 0, MEETING_KEYS if rec.get("id", "").startswith("M")
		else TICKET_KEYS)
	out.append("\n")
	return "".join(out).encode()


def relpath(rid):
	"""tickets/2025/11/T-251122-K7QF2A.json for T-251122-K7QF2A."""
	top = "tickets" if rid[0] == "T" else "meetings"
	return "%s/20%s/%s/%s.json" % (top, rid[2:4], rid[4:6], rid)


# ---------------------------------------------------------------------------
# The fold (lib/ticket.c) for the events the generator writes: no pause,
# resume or extension, so the deadlines stay those of the open but for a
# reopen's new resolution deadline.

RESOLUTION = {"complaint/major": "2d", "complaint/important": "3d",
	      "complaint/general": "2d", "inquiry": "1wd",
	      "suggestion": "5wd", "request": "2d"}


def resolution_from(rec, t, response_due):
	"""The rule's resolution time from t (calendar_deadline()), never
	before the response deadline: N d at the same clock time, moved to
	the next working instant when outside 09:00-18:00 of a working day
	(18:00 itself counts); N wd at the same clock time of the N-th next
	working day."""
	key = rec["kind"] + ("/" + rec["severity"] if rec.get("severity") else "")
	spec = RESOLUTION[key]
	n = int(spec.rstrip("wd"))
	t = t.astimezone(TZ)
	if spec.endswith("wd"):
		d = t.date()
		while n:
			d += dt.timedelta(days=1)
			n -= is_workday(d)
		due = t.replace(year=d.year, month=d.month, day=d.day)
	else:
		due = t + dt.timedelta(days=n)
		d = due.date()
		start = dt.datetime(d.year, d.month, d.day, 9, tzinfo=TZ)
		end = dt.datetime(d.year, d.month, d.day, 18, tzinfo=TZ)
		if not (is_workday(d) and start <= due <= end):
			due = next_work(due)
	return max(due, response_due)


def fold_state(rec, start_level):
	st = dict(rec["state"])
	status, assignee, level = "open", None, start_level
	responded = resolved = closed = None
	for e in rec["events"]:
		t = e["type"]
		if t == "ack":
			if status == "open":
				status = "acknowledged"
			responded = responded or e["at"]
		elif t == "assign":
			assignee = e["to"]
		elif t in ("cause", "plan"):
			status = "investigating"
		elif t == "resolve":
			status, resolved = "resolved", e["at"]
		elif t == "close":
			status, closed = "closed", e["at"]
		elif t == "reopen":
			status, resolved, closed = "investigating", None, None
			st["resolution_due"] = rfc3339(resolution_from(
				rec, parse_time(e["at"]),
				parse_time(st["response_due"])))
		elif t == "escalate" and e["to"] in LADDER:
			level = max(level, LADDER.index(e["to"]))
	st.update(status=status, assignee=assignee, level=level,
		  responded_at=responded, resolved_at=resolved, closed_at=closed,
		  paused=False)
	return {k: st[k] for k in TICKET_STATE_KEYS}


# ---------------------------------------------------------------------------
# Registers.

def person_names(rng, n):
	seen, out = set(), []
	while len(out) < n:
		(s, sp), (g, gp) = rng.choice(SURNAMES), rng.choice(GIVEN)
		key = sp + "." + gp
		i = 1
		while key in seen:
			i += 1
			key = "%s.%s%d" % (sp, gp, i)
		seen.add(key)
		out.append((s + g, key))
	return out


def make_staff(rng, n_tickets):
	agents = max(3, round(n_tickets / 3500))
	managers = max(1, round(agents / 7))
	gms = 1 if n_tickets < 50000 else 2
	names = person_names(rng, agents + managers + gms + agents // 8)
	staff = []
	teams = [t for t, _ in TEAMS]

	def add(role, team, join=None, leave=None):
		name, key = names[len(staff)]
		staff.append({"id": "S-" + key, "name": name,
			      "email": key + "@plaindesk.example", "role": role,
			      "team": team, "active": "no" if leave else "yes",
			      "join": join or T0, "leave": leave})

	for i in range(agents):
		add("agent", teams[i % len(teams)] if i < len(teams) else pick(rng, TEAMS))
	# Some agents left during the year and were replaced.
	for i in range(agents // 8):
		month = rng.randint(3, 11)
		leave = dt.datetime(YEAR, month, rng.randint(1, 28), 18, tzinfo=TZ)
		team = staff[len(teams) + i % max(1, agents - len(teams))]["team"] \
			if agents > len(teams) else "desk"
		add("agent", team, leave=leave)
	for i in range(managers):
		add("manager", teams[i % len(teams)])
	for i in range(gms):
		add("gm", "")
	staff.append({"id": "S-admin", "name": "系统管理员",
		      "email": "admin@plaindesk.example", "role": "admin",
		      "team": "", "active": "yes", "join": T0, "leave": None})
	return staff


def make_customers(rng, n_tickets):
	n = max(30, n_tickets // 20)
	out = []
	for i in range(n):
		city, city_en, area = rng.choice(CITIES)
		if rng.random() < 0.65:
			org = city + rng.choice(ORG_WORDS) + rng.choice(ORG_KINDS)
			name = org
		else:
			org = rng.choice(EN_ORGS)
			name = "%s %s (%s)" % (org, rng.choice(EN_SUFFIX), city_en)
		tier = pick(rng, TIERS)
		since = dt.date(rng.choice([2018, 2019, 2020, 2021, 2022, 2023, 2024,
					    2024, 2025]), rng.randint(1, 12),
				rng.randint(1, 28))
		if since.year == YEAR and since > dt.date(YEAR, 11, 30):
			since = dt.date(YEAR, 11, 30)
		lost = ""
		if rng.random() < 0.07:
			lo = max(since, dt.date(YEAR, 1, 15))
			span = (dt.date(YEAR, 12, 20) - lo).days
			if span > 30:
				lost = (lo + dt.timedelta(days=rng.randint(30, span))).isoformat()
		out.append({"id": "C-%04d" % (i + 1), "name": name, "org": org,
			    "tier": tier, "email": "contact%d@customer%d.example" % (
				    rng.randint(1, 9), i + 1),
			    "phone": "+86 %s 5555 %04d" % (area, rng.randint(0, 9999)),
			    "since": since.isoformat(), "lost_on": lost,
			    "notes": rng.choice(["", "", "", "年度框架协议客户",
						 "prefers e-mail", "发票需开专票",
						 "VIP 接待标准"])})
	return out


def make_rooms(rng, n_tickets):
	n = min(30, max(5, n_tickets // 4000 + 6))
	rooms = []
	for i in range(n):
		cap = rng.choice([6, 8, 10, 12, 20, 30, 50, 80, 150, 300])
		eq = ["projector", "whiteboard"]
		if cap >= 20:
			eq += ["microphones", "video"]
		if cap >= 80:
			eq += ["interpretation"]
		rooms.append({"id": "R-%d" % (i + 1),
			      "name": "%s %d" % (rng.choice(ROOM_NAMES), i + 1),
			      "capacity": str(cap), "equipment": ";".join(eq),
			      "location": "Floor %d" % (i // 6 + 1)})
	return rooms


def write_csv(path, cols, rows):
	with open(path, "w", newline="", encoding="utf-8") as f:
		w = csv.writer(f, lineterminator="\n")
		w.writerow(cols)
		for r in rows:
			w.writerow([r.get(c, "") for c in cols])


# ---------------------------------------------------------------------------
# Meetings (DESIGN §2), written as records.

def make_meetings(rng, n_tickets, staff, rooms):
	"""The year's meetings as plans: what to run with mtg-plan and
	mtg-minutes, and when.  Rooms and required attendees are never
	booked twice at the same time."""
	count = max(12, n_tickets // 400)
	people = [s for s in staff if s["role"] in ("agent", "manager", "gm")
		  and s["leave"] is None]
	managers = [s for s in staff if s["role"] in ("manager", "gm")]
	days = [T0.date() + dt.timedelta(days=i) for i in range(365)]
	workdays = [d for d in days if is_workday(d)]
	busy = {}

	def free(key, a, b):
		return all(b <= x or a >= y for x, y in busy.get(key, []))

	plans = []
	tries = 0
	while len(plans) < count and tries < count * 30:
		tries += 1
		day = rng.choice(workdays)
		start = dt.datetime(day.year, day.month, day.day,
				    rng.choice([9, 10, 11, 14, 15, 16]),
				    rng.choice([0, 0, 30]), tzinfo=TZ)
		duration = rng.choice([30, 45, 60, 60, 90, 120])
		end = start + dt.timedelta(minutes=duration)
		organizer = rng.choice(managers)
		group = rng.sample(people, min(len(people), rng.randint(3, 9)))
		group = [organizer] + [p for p in group if p is not organizer]
		required = [p for i, p in enumerate(group) if i == 0 or rng.random() < 0.8]
		optional = [p for p in group if p not in required]
		fits = [r for r in rooms if int(r["capacity"]) >= len(group)]
		rng.shuffle(fits)
		room = next((r for r in fits if free(r["id"], start, end)), None)
		if room is None or not all(free(p["id"], start, end) for p in required):
			continue
		for key in [room["id"]] + [p["id"] for p in required]:
			busy.setdefault(key, []).append((start, end))
		mtype = pick(rng, MEETING_TYPES)
		ad_hoc = rng.random() < 0.12
		created = start - dt.timedelta(days=rng.randint(0 if ad_hoc else 3,
								0 if ad_hoc else 21),
					       hours=rng.randint(1, 6) if ad_hoc else rng.randint(0, 6))
		created = max(created, T0 + dt.timedelta(hours=9))
		nitems = rng.randint(1, 4)
		left = duration
		agenda = []
		for k in range(nitems):
			mins = max(5, left // (nitems - k) - rng.choice([0, 5]))
			left -= mins
			agenda.append("%s|%d|%s|%s" % (rng.choice(AGENDA_TOPICS), mins,
						       rng.choice(group)["id"],
						       rng.choice(["decision", "consensus", "inform"])))
		org = organizer["id"]
		new = ["mtg-plan", "new", "--type", mtype,
		       "--title", fill(rng, rng.choice(MEETING_TITLES[mtype])),
		       "--start", start.strftime("%Y-%m-%dT%H:%M"),
		       "--duration", "%dm" % duration, "--room", room["id"],
		       "--organizer", org]
		for p in required:
			new += ["--attendee", p["id"]]
		for p in optional:
			new += ["--optional", p["id"]]
		for a in agenda:
			new += ["--agenda", a]
		if ad_hoc:
			new += ["--ad-hoc", "--reason", "客户临时要求调整方案，需当天决定"]
		acts = [(created, new + ["--by", org])]
		if ad_hoc:
			approver = rng.choice([m for m in managers if m is not organizer] or managers)
			acts.append((created + dt.timedelta(minutes=40),
				     ["mtg-plan", "approve", "ID", "--by", approver["id"]]))
		if rng.random() < 0.04:
			at = created + (start - created) / 2
			if at < NOW:
				acts.append((at, ["mtg-plan", "cancel", "ID", "--reason",
						  rng.choice(["客户取消活动", "Organiser is ill",
							      "与年会时间冲突"]), "--by", org]))
			plans.append({"start": start, "held": False, "acts": acts})
			continue
		sent = start - dt.timedelta(days=rng.choice([1, 2, 3, 5]) if rng.random() < 0.88
					    else 0, hours=rng.randint(0, 5))
		sent = max(sent, created + dt.timedelta(minutes=45))
		if sent < NOW:
			acts.append((sent, ["mtg-plan", "send", "ID", "--by", org]))
		late = rng.random() < 0.12
		started = start + dt.timedelta(minutes=rng.choice([0, 0, 0, 2, 5]) +
					       (rng.randint(6, 20) if late else 0))
		ended = started + dt.timedelta(minutes=duration + rng.choice(
			[-10, -5, 0, 0, 5, 10, 15, 25]))
		held = ended + dt.timedelta(minutes=30) < NOW
		if held:
			rec = ["mtg-minutes", "record", "ID",
			       "--started", started.strftime("%Y-%m-%dT%H:%M"),
			       "--ended", ended.strftime("%Y-%m-%dT%H:%M")]
			present = []
			for p in group:
				x = rng.random()
				opt = "--present" if x < 0.85 or p is organizer else \
					"--late" if x < 0.93 else "--absent"
				rec += [opt, p["id"]]
				if opt != "--absent":
					present.append(p["id"])
			for k in range(nitems):
				rec += ["--outcome", "%d|%s|%s" % (k + 1, pick(rng, [
					("achieved", 70), ("partial", 18), ("deferred", 8),
					("dropped", 4)]), rng.choice(["讨论充分", "Agreed",
								      "需会后跟进", ""]))]
			rec += ["--decision", rng.choice(["采用新的签到流程", "Approve the budget",
							  "下月起执行新标准"])]
			nact = rng.randint(0, 3)
			for k in range(nact):
				due = (ended + dt.timedelta(days=rng.randint(3, 21))).date()
				rec += ["--action", "%s|%s|%s|%s" % (
					rng.choice(PLAN_MSGS), rng.choice(group)["id"], due.isoformat(),
					rng.choice(["Report sent", "问题关闭", "New procedure in place"]))]
				if rng.random() < 0.85:
					done = dt.datetime(due.year, due.month, due.day, 16, tzinfo=TZ) \
						- dt.timedelta(days=rng.randint(-3, 5))
					done = max(done, ended + dt.timedelta(hours=2))
					if done < NOW:
						acts.append((done, ["mtg-minutes", "done", "ID.%d" % (k + 1),
								    "--note", rng.choice(["done", "已完成"]),
								    "--by", org]))
			acts.append((ended + dt.timedelta(minutes=30), rec + ["--by", org]))
			published = ended + dt.timedelta(hours=rng.choice([1, 3, 20, 26, 50])
							 if rng.random() < 0.9 else 80)
			if published < NOW:
				acts.append((published, ["mtg-minutes", "publish", "ID", "--by", org]))
			for who in rng.sample(present, min(len(present), rng.randint(0, 3))):
				at = ended + dt.timedelta(hours=rng.randint(1, 30))
				if at < NOW:
					acts.append((at, ["mtg-minutes", "feedback", "ID", "--by", who,
							  "--score", str(pick(rng, SATISFACTION)),
							  "--comment", rng.choice(["有收获", "Too long",
										   "Clear decisions"])]))
		acts.sort(key=lambda a: a[0])
		plans.append({"start": start, "held": held, "acts": acts})
	plans.sort(key=lambda p: p["start"])
	return plans


def run_meetings(plans, tool, store, env):
	"""Run each meeting's plan through mtg-plan and mtg-minutes."""
	for p in plans:
		mid = None
		for at, argv in p["acts"]:
			argv = [tool(argv[0]), "-C", store] + [
				a.replace("ID", mid, 1) if mid and a.startswith("ID") else a
				for a in argv[1:]]
			out = run(argv, env=dict(env, PLAINDESK_NOW=rfc3339(at)))
			if mid is None:
				mid = out.split()[0]
		p["id"] = mid


def event_id(rng, at, used):
	while True:
		eid = "E-%s-%s" % (at.astimezone(TZ).strftime("%y%m%d"), rand_id(rng, 4))
		if eid not in used:
			used.add(eid)
			return eid


# ---------------------------------------------------------------------------
# Tickets: what is opened, then what happens to each.

def plan_tickets(rng, n, staff, customers, meetings):
	days = [T0.date() + dt.timedelta(days=i) for i in range(365)]
	dw = [MONTH_WEIGHT[d.month - 1] * (1.0 if is_workday(d) else 0.3)
	      for d in days]
	cum, s = [], 0.0
	for w in dw:
		s += w
		cum.append(s)
	starts = []
	for _ in range(n):
		d = days[min(len(days) - 1, bisect.bisect(cum, rng.random() * s))]
		hours = HOUR_WORKDAY if is_workday(d) else HOUR_OFFDAY
		h = pick(rng, list(enumerate(hours)))
		t = dt.datetime(d.year, d.month, d.day, h, rng.randint(0, 59),
				rng.randint(0, 59), tzinfo=TZ)
		starts.append(t)
	starts.sort()
	# Nothing opens after "now".
	starts = [min(t, NOW - dt.timedelta(minutes=1)) for t in starts]

	# Customers: weighted by tier, active between since and lost_on.
	cw = []
	for c in customers:
		since = dt.datetime.fromisoformat(c["since"]).replace(tzinfo=TZ)
		lost = (dt.datetime.fromisoformat(c["lost_on"]).replace(tzinfo=TZ)
			if c["lost_on"] else None)
		cw.append((since, lost, TIER_WEIGHT[c["tier"]] * rng.paretovariate(2.0)))
	by_month = {}
	for m in range(1, 13):
		mstart = dt.datetime(YEAR, m, 1, tzinfo=TZ)
		mend = dt.datetime(YEAR + (m == 12), m % 12 + 1, 1, tzinfo=TZ)
		ids, acc, tot = [], [], 0.0
		for c, (since, lost, w) in zip(customers, cw):
			if since < mend and (lost is None or lost > mstart):
				tot += w
				ids.append(c["id"])
				acc.append(tot)
		by_month[m] = (ids, acc, tot)

	agents = [s for s in staff if s["role"] == "agent"]
	meetings = [m for m in meetings if m["held"]]
	meeting_starts = [m["start"] for m in meetings]
	tickets = []
	newcust = 0
	for t in starts:
		kind = pick(rng, KINDS)
		key = kind
		sev = cat = ""
		if kind == "complaint":
			sev, cat = pick(rng, SEVERITIES), pick(rng, CATEGORIES)
			key = "complaint/" + cat
		team = TEAM_OF.get(cat, "desk")
		pool = [a for a in agents if a["team"] == team and a["join"] <= t and
			(a["leave"] is None or a["leave"] > t + dt.timedelta(days=5))]
		if not pool:
			pool = [a for a in agents if a["leave"] is None]
		ids, acc, tot = by_month[t.month]
		row = {
			"at": rfc3339(t), "kind": kind,
			"channel": pick(rng, CHANNELS[kind]),
			"customer": ids[bisect.bisect(acc, rng.random() * tot)],
			"severity": sev, "category": cat,
			"title": fill(rng, rng.choice(TITLES[key] if kind != "complaint"
						      else TITLES[key])),
			"description": fill(rng, rng.choice(DESCRIPTIONS)),
			"assignee": rng.choice(pool)["id"] if rng.random() < 0.85 else "",
			"meeting": "",
		}
		if kind == "inquiry" and row["channel"] in ("online", "social") and \
				rng.random() < 0.03:
			newcust += 1
			city = rng.choice(CITIES)
			row.update({"customer": "%s%s%s %d" % (city[0], rng.choice(ORG_WORDS),
							       rng.choice(ORG_KINDS), newcust),
				    "new-customer": "yes", "tier": "potential",
				    "email": "lead%d@prospect.example" % newcust})
		if kind == "complaint" and cat != "attitude" and rng.random() < 0.35 or \
				kind != "complaint" and rng.random() < 0.05:
			i = bisect.bisect(meeting_starts, t) - 1
			if i >= 0 and t - meeting_starts[i] < dt.timedelta(days=3):
				row["meeting"] = meetings[i]["id"]
		row["_team"] = team
		tickets.append(row)
	return tickets


def lifecycle(rng, row, rec, staff_by_team, managers, top, backlog):
	"""The events after the open of one ticket, up to NOW."""
	opened = parse_time(rec["opened_at"])
	rdue = parse_time(rec["state"]["response_due"])
	sdue = parse_time(rec["state"]["resolution_due"])
	kind = rec["kind"]
	sev = rec.get("severity")
	level = START_LEVEL.get("%s/%s" % (kind, sev), 0)
	team = row["_team"]
	assignee = rec["state"]["assignee"]
	events = []		# (at, order, dict)
	seq = [0]
	mgr = rng.choice(managers.get(team) or managers["*"])

	def add(at, ev):
		seq[0] += 1
		events.append((at, seq[0], ev))

	start = next_work(opened)
	# First response.
	window = (rdue - start).total_seconds()
	if rng.random() < ON_TIME_RESPONSE[kind] and window > 60:
		ack = start + dt.timedelta(seconds=window * 0.9 * rng.random() ** 2)
	else:
		ack = next_work(max(rdue, start) + dt.timedelta(minutes=rng.choice(
			[5, 15, 40, 90, 180, 600, 1500])))
	ack = max(ack, opened + dt.timedelta(seconds=30))
	if not assignee:
		pool = staff_by_team.get(team) or staff_by_team["desk"]
		assignee = rng.choice(pool)["id"]
		add(ack - dt.timedelta(seconds=20), {"by": mgr["id"], "type": "assign",
						     "to": assignee})
	# Resolution.
	window = (sdue - ack).total_seconds()
	if rng.random() < ON_TIME_RESOLUTION[kind] and window > 600:
		res = ack + dt.timedelta(seconds=window * 0.95 * rng.random() ** 1.3)
		if next_work(res) < sdue:
			res = next_work(res)
	else:
		res = next_work(max(sdue, ack) + dt.timedelta(minutes=rng.choice(
			[10, 45, 120, 300, 1440, 2880, 5000])))
	res = max(res, ack + dt.timedelta(minutes=2))
	# Escalations the cron pass would have made (every 15 minutes).
	lv = level
	for due, reason, until, dl in sorted(
			((rdue, "response-breach", ack, "response"),
			 (sdue, "resolution-breach", res, "resolution"))):
		if until <= due:
			continue
		allowed = (due - opened).total_seconds()
		add(opened + dt.timedelta(seconds=allowed * 0.8 + 300),
		    {"by": "S-admin", "type": "warn", "deadline": dl})
		esc = due + dt.timedelta(minutes=rng.randint(1, 15))
		if lv < top and esc < until:
			ev = {"by": "S-admin", "type": "escalate", "from": LADDER[lv],
			      "to": LADDER[lv + 1], "reason": reason}
			tgt = mgr if lv + 1 == 1 else rng.choice(managers["gm"])
			ev["target"] = tgt["id"]
			add(esc, ev)
			lv += 1
	add(ack, {"by": assignee, "type": "ack", "message": rng.choice(ACK_MSGS)})
	span = (res - ack).total_seconds()
	if rng.random() < 0.08 and span > 3600:
		pool = [a for a in staff_by_team.get(team, []) if a["id"] != assignee]
		if pool:
			assignee = rng.choice(pool)["id"]
			add(ack + dt.timedelta(seconds=span * 0.2), {
				"by": mgr["id"], "type": "assign", "to": assignee})
	if kind == "complaint" or (kind == "request" and rng.random() < 0.2):
		add(ack + dt.timedelta(seconds=span * 0.3), {
			"by": assignee, "type": "cause",
			"cause": pick(rng, [("equipment", 30), ("operator-error", 22),
					    ("process-gap", 25), ("training-gap", 13),
					    ("other", 10)]),
			"message": rng.choice(NOTE_MSGS)})
		if kind == "complaint" and (sev != "general" or rng.random() < 0.4):
			due = sdue if sdue > ack else ack + dt.timedelta(days=1)
			add(ack + dt.timedelta(seconds=span * 0.45), {
				"by": assignee, "type": "plan",
				"solution": pick(rng, [("apology", 30), ("compensation", 15),
						       ("redo", 15), ("improvement", 25),
						       ("training", 10), ("other", 5)]),
				"owner": rng.choice([assignee, mgr["id"]]),
				"due": rfc3339(due), "message": rng.choice(PLAN_MSGS)})
	for _ in range(rng.choice([0, 0, 0, 0, 1, 1, 2])):
		add(ack + dt.timedelta(seconds=span * rng.uniform(0.1, 0.9)), {
			"by": rng.choice([assignee, mgr["id"]]), "type": "note",
			"message": rng.choice(NOTE_MSGS)})
	resolve = {"by": assignee, "type": "resolve", "message": rng.choice(RESOLVE_MSGS)}
	if kind == "complaint":
		resolve["solution"] = pick(rng, [("apology", 35), ("compensation", 12),
						 ("redo", 18), ("improvement", 25),
						 ("training", 5), ("other", 5)])
	add(res, resolve)
	# The customer's verdict, sometimes a reopen and a second round.
	t = res
	for rnd in range(2):
		if rng.random() < 0.05:
			break
		t = next_work(t + dt.timedelta(hours=rng.choice([2, 5, 20, 26, 48, 70])))
		sat = pick(rng, SATISFACTION) if rnd == 0 else rng.choice([3, 4, 4, 5])
		acc = sat >= 3 or rng.random() < 0.3
		add(t, {"by": assignee, "type": "close", "satisfaction": sat,
			"accepted": acc,
			"comment": rng.choice(CLOSE_GOOD if sat >= 4 else CLOSE_BAD)})
		if rnd or sat > 2 or rng.random() < 0.5:
			break
		t = t + dt.timedelta(hours=rng.choice([3, 20, 30]))
		add(t, {"by": assignee, "type": "reopen",
			"reason": rng.choice(REOPEN_REASONS)})
		t = t + dt.timedelta(hours=rng.choice([4, 24, 48]))
		add(t, {"by": assignee, "type": "resolve",
			"message": rng.choice(RESOLVE_MSGS),
			**({"solution": "redo"} if kind == "complaint" else {})})

	events.sort(key=lambda e: (e[0], e[1]))
	if backlog:
		# Work stopped before the first resolve; the escalation pass has
		# not seen it yet.
		keep = []
		for at, s_, ev in events:
			if ev["type"] in ("resolve", "warn", "escalate") or at >= NOW:
				if ev["type"] == "resolve":
					break
				continue
			keep.append((at, s_, ev))
		events = keep
	else:
		first_res = next(at for at, _, ev in events if ev["type"] == "resolve")
		if first_res >= NOW:
			# Squeeze the work in before now: it is resolved, not closed.
			limit = NOW - dt.timedelta(minutes=1)
			total = (first_res - opened).total_seconds()
			room = (limit - opened).total_seconds() * 0.98
			squeezed = []
			for at, s_, ev in events:
				if at > first_res:
					continue
				off = (at - opened).total_seconds() * room / total
				squeezed.append((opened + dt.timedelta(seconds=off), s_, ev))
			events = squeezed
		else:
			events = [e for e in events if e[0] < NOW]
		# A reopen whose second round is not finished by now is left out.
		types = [ev["type"] for _, _, ev in events]
		if "reopen" in types and types[-1] not in ("resolve", "close"):
			events = events[:types.index("reopen")]
	used = {e["id"] for e in rec["events"]}
	last = parse_time(rec["events"][-1]["at"])
	for at, _, ev in events:
		at = max(at, last).replace(microsecond=0)
		last = at
		full = {"id": event_id(rng, at, used), "at": rfc3339(at)}
		full.update(ev)
		rec["events"].append(full)
	return level


# ---------------------------------------------------------------------------

def run(cmd, env=None, cwd=None, stdin=None, quiet=False):
	p = subprocess.run(cmd, env=env, cwd=cwd, input=stdin,
			   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
	if p.returncode != 0:
		sys.stderr.write(p.stderr.decode(errors="replace"))
		raise SystemExit("gen.py: failed (%d): %s" % (p.returncode, " ".join(cmd)))
	return p.stdout.decode()


def git_commit(store, msg, when):
	env = dict(os.environ, GIT_AUTHOR_DATE=rfc3339(when),
		   GIT_COMMITTER_DATE=rfc3339(when))
	run(["git", "-C", store, "add", "-A"], env=env)
	run(["git", "-C", store, "-c", "gc.auto=0", "-c", "maintenance.auto=false",
	     "commit", "-q", "--no-verify", "-m", msg], env=env)


def log(msg, t0=[time.time()]):
	sys.stderr.write("gen: %6.1fs  %s\n" % (time.time() - t0[0], msg))
	sys.stderr.flush()


def canonical_check(rng, store, tickets, tool, env, count=50):
	"""Run generated records through ticket-update: a note must change
	nothing but add its event, so the generator's bytes are the tool's.
	The notes are then taken back."""
	head = run(["git", "-C", store, "rev-parse", "HEAD"]).strip()
	sample = rng.sample(tickets, min(count, len(tickets)))
	for row in sample:
		path = os.path.join(store, relpath(row["_id"]))
		with open(path, "rb") as f:
			before = f.read()
		run([tool("ticket-update"), "-C", store, row["_id"], "note",
		     "--message", "canonical check"], env=dict(env, PLAINDESK_NOW=rfc3339(NOW)))
		with open(path, "rb") as f:
			after = f.read()
		rec = json.loads(after)
		if record_format(rec) != after:
			raise SystemExit("gen.py: %s: ticket-update writes other bytes than "
					 "the generator's formatter" % path)
		rec["events"].pop()
		if record_format(rec) != before:
			raise SystemExit("gen.py: %s: ticket-update changed more than its note"
					 % path)
	run(["git", "-C", store, "reset", "-q", "--hard", head])
	run(["git", "-C", store, "reflog", "expire", "--expire=now", "--all"])
	log("%d generated records rewritten by ticket-update: same bytes" % len(sample))


def cmd_store(args):
	rng = random.Random(args.seed)
	bindir = os.path.abspath(args.bin)
	out = os.path.abspath(args.out)
	tmp = out + ".tmp"
	shutil.rmtree(tmp, ignore_errors=True)
	env = dict(os.environ, TZ="UTC", PLAINDESK_ACTOR="S-admin",
		   PLAINDESK_NOW=rfc3339(T0 + dt.timedelta(hours=8)))
	for k in ("PLAINDESK_DIR", "PLAINDESK_TRACE", "PLAINDESK_NOTIFY"):
		env.pop(k, None)
	tool = lambda name: os.path.join(bindir, name)
	n = args.n

	run([tool("plaindesk-init"), tmp], env=env)
	run(["git", "-C", tmp, "config", "user.name", "Bench Admin"])
	run(["git", "-C", tmp, "config", "user.email", "admin@plaindesk.example"])
	staff = make_staff(rng, n)
	customers = make_customers(rng, n)
	rooms = make_rooms(rng, n)
	write_csv(os.path.join(tmp, "registers/staff.csv"),
		  ["id", "name", "email", "role", "team", "active"], staff)
	write_csv(os.path.join(tmp, "registers/customers.csv"),
		  ["id", "name", "org", "tier", "email", "phone", "since",
		   "lost_on", "notes"], customers)
	write_csv(os.path.join(tmp, "registers/rooms.csv"),
		  ["id", "name", "capacity", "equipment", "location"], rooms)
	write_csv(os.path.join(tmp, "registers/holidays.csv"),
		  ["date", "kind", "name"],
		  [{"date": d, "kind": k, "name": nm} for d, k, nm in HOLIDAYS])
	git_commit(tmp, "Registers", T0 + dt.timedelta(hours=9))
	meetings = make_meetings(rng, n, staff, rooms)
	run_meetings(meetings, tool, tmp, env)
	log("%d staff, %d customers, %d rooms, %d meetings" % (
		len(staff), len(customers), len(rooms), len(meetings)))

	# Open the tickets: one import a month.
	tickets = plan_tickets(rng, n, staff, customers, meetings)
	cols = ["at", "kind", "channel", "customer", "severity", "category",
		"title", "description", "meeting", "assignee", "new-customer",
		"tier", "email"]
	csvdir = tmp + ".csv"
	os.makedirs(csvdir, exist_ok=True)
	for m in range(1, 13):
		rows = [r for r in tickets if parse_time(r["at"]).month == m]
		if not rows:
			continue
		path = os.path.join(csvdir, "%02d.csv" % m)
		write_csv(path, cols, rows)
		mend = min(NOW, dt.datetime(YEAR + (m == 12), m % 12 + 1, 1, tzinfo=TZ)
			   - dt.timedelta(seconds=1))
		t = time.time()
		ids = run([tool("ticket-open"), "-C", tmp, "--from-csv", path],
			  env=dict(env, PLAINDESK_NOW=rfc3339(mend))).split()
		if len(ids) != len(rows):
			raise SystemExit("gen.py: %s: %d ids for %d rows" % (path, len(ids), len(rows)))
		for r, i in zip(rows, ids):
			r["_id"] = i
		log("month %02d: %d tickets opened in %.1fs" % (m, len(rows), time.time() - t))
	shutil.rmtree(csvdir)

	# The rest of each ticket's life, written into the records.
	agents = [s for s in staff if s["role"] == "agent"]
	staff_by_team = {}
	for a in agents:
		if a["leave"] is None:
			staff_by_team.setdefault(a["team"], []).append(a)
	managers = {"*": [s for s in staff if s["role"] == "manager"],
		    "gm": [s for s in staff if s["role"] == "gm"]}
	for s in managers["*"]:
		managers.setdefault(s["team"], []).append(s)
	nback = max(1, n // 100)
	checked = 0
	for i, row in enumerate(tickets):
		path = os.path.join(tmp, relpath(row["_id"]))
		with open(path, "rb") as f:
			data = f.read()
		rec = json.loads(data)
		# The formatter must give ticket-open's bytes back.
		if record_format(rec) != data:
			raise SystemExit("gen.py: record_format differs from ticket-open's for %s"
					 % path)
		checked += 1
		start_level = rec["state"]["level"]
		# The person who took the call registered it.
		rec["events"][0]["by"] = rec["state"]["assignee"] or \
			rng.choice(staff_by_team["desk"])["id"]
		lifecycle(rng, row, rec, staff_by_team, managers, len(LADDER) - 1,
			  i >= n - nback)
		rec["state"] = fold_state(rec, start_level)
		with open(path, "wb") as f:
			f.write(record_format(rec))
	log("lifecycle events written (%d records checked against ticket-open's bytes)"
	    % checked)
	git_commit(tmp, "Lifecycle events of the year", NOW - dt.timedelta(minutes=1))
	log("committed")
	if os.access(tool("ticket-update"), os.X_OK):
		canonical_check(rng, tmp, tickets, tool, env)
	# Housekeeping as an admin would do it: one pack.
	run(["git", "-C", tmp, "repack", "-a", "-d", "-q"])
	run(["git", "-C", tmp, "prune", "--expire=now"])
	log("packed")
	p = subprocess.run([tool("plaindesk-check"), "-C", tmp], env=env,
			   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
	if p.returncode != 0:
		sys.stderr.write(p.stdout.decode()[:4000] + p.stderr.decode())
		raise SystemExit("gen.py: plaindesk-check failed on the generated store")
	status = run(["git", "-C", tmp, "status", "--porcelain"])
	if status:
		raise SystemExit("gen.py: git status is not clean:\n" + status[:2000])
	log("plaindesk-check passed; git status clean")

	last_month = [r for r in tickets if parse_time(r["at"]).month == 12]
	done = [r for r in last_month[: -nback or None]]
	meta = {
		"generator": GEN_VERSION, "n": n, "seed": args.seed,
		"now": rfc3339(NOW), "month": "%d-12" % YEAR,
		"pass_now": rfc3339(NOW + dt.timedelta(days=7)),
		"backlog": nback, "tickets": len(tickets),
		"month_tickets": len(last_month),
		"staff": len(staff), "customers": len(customers),
		"meetings": len(meetings),
		"update_id": done[len(done) // 2]["_id"] if done else tickets[0]["_id"],
		"like_id": tickets[-1]["_id"],
		"base": run(["git", "-C", tmp, "rev-parse", "HEAD"]).strip(),
	}
	shutil.rmtree(out, ignore_errors=True)
	os.rename(tmp, out)
	with open(out + ".json", "w") as f:
		json.dump(meta, f, indent=2)
		f.write("\n")
	log("store ready: %s" % out)


def cmd_newrec(args):
	store = os.path.abspath(args.store)
	src = relpath(args.like)
	with open(os.path.join(store, src), "rb") as f:
		rec = json.loads(f.read())
	rnd = random.SystemRandom()
	dest = os.path.abspath(args.spool) if args.spool else store
	for _ in range(args.count):
		while True:
			rid = args.like[:9] + "".join(rnd.choice(CROCKFORD) for _ in range(6))
			rel = relpath(rid)
			if not os.path.exists(os.path.join(store, rel)) and \
					not os.path.exists(os.path.join(dest, rel)):
				break
		rec["id"] = rid
		path = os.path.join(dest, rel)
		os.makedirs(os.path.dirname(path), exist_ok=True)
		with open(path, "wb") as f:
			f.write(record_format(rec))
		print(rel)


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	sub = ap.add_subparsers(dest="cmd", required=True)
	s = sub.add_parser("store")
	s.add_argument("--n", type=int, required=True)
	s.add_argument("--seed", type=int, default=1)
	s.add_argument("--bin", required=True)
	s.add_argument("--out", required=True)
	r = sub.add_parser("newrec")
	r.add_argument("--store", required=True)
	r.add_argument("--like", required=True)
	r.add_argument("--count", type=int, default=1)
	r.add_argument("--spool")
	args = ap.parse_args()
	if args.cmd == "store":
		cmd_store(args)
	else:
		cmd_newrec(args)


if __name__ == "__main__":
	main()
