# kb search relevance: 40 articles of a service desk (articles.tsv) and
# 20 queries (queries.tsv) with the article expected first and, for
# some, another expected among the first three.
. "$(dirname "$0")/../cli/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
new_store --locale zh-CN
# The articles are written straight into the work tree (search reads the
# files); each is published, as kb would record it.
n=0
tail -n +2 "$here/articles.tsv" | while IFS=$'\t' read -r key title tags kind category problem solution; do
	n=$((n + 1))
	id=$(printf 'K-261120-RS%04d' "$n")
	mkdir -p kb/2026/11
	jq -n --arg id "$id" --arg title "$title" --arg tags "$tags" \
		--arg kind "$kind" --arg cat "$category" --arg problem "$problem" \
		--arg solution "$solution" '{
		id: $id, created_at: "2026-11-20T10:00:00+08:00", state: {},
		events: [
		 {id: "E-261120-AAAA", at: "2026-11-20T10:00:00+08:00", by: "S-chen",
		  type: "write", title: $title, problem: $problem, solution: $solution,
		  tags: ($tags | split(";")), kinds: [$kind],
		  categories: (if $cat == "-" then [] else [$cat] end), causes: [],
		  source_tickets: []},
		 {id: "E-261120-AAAB", at: "2026-11-20T10:00:00+08:00", by: "S-chen",
		  type: "publish", review_due: "2027-02-18T10:00:00+08:00"}]}' \
		> "kb/2026/11/$id.json"
	echo "$id $key" >> "$TEST_TMP/keys"
done
check_eq "$(ls kb/2026/11 | wc -l)" 40 "forty articles"
key_of() { awk -v id="$1" '$1 == id { print $2 }' "$TEST_TMP/keys"; }

tail -n +2 "$here/queries.tsv" | {
	while IFS=$'\t' read -r query top1 also; do
		# shellcheck disable=SC2086
		out=$(kb search $query --format json --limit 3)
		got=$(jq -r '.[].id' <<<"$out" | while read -r id; do key_of "$id"; done |
			tr '\n' ' ')
		first=${got%% *}
		check_eq "$first" "$top1" "'$query': first"
		if [ "$also" != - ]; then
			check_has " $got" " $also " "'$query': $also in the first three"
		fi
	done
	finish
}
