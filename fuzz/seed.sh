#!/usr/bin/env bash
# Seeds each target's corpus from fixtures/ (run from the repository root).
set -euo pipefail
for t in data_readers session_loader config_loaders search_query; do
  mkdir -p "fuzz/corpus/$t"
done
i=0
for f in fixtures/*.jsonl fixtures/*.tsv fixtures/*.lit.jsonl; do
  # data_readers: the first byte picks the format (0 jsonl, 1 csv, 2 tsv, 4 lit.jsonl).
  case "$f" in
    *.lit.jsonl) p='\x04' ;;
    *.jsonl) p='\x00' ;;
    *.tsv) p='\x02' ;;
  esac
  { printf "$p"; cat "$f"; } > "fuzz/corpus/data_readers/seed-$i"
  i=$((i + 1))
done
printf '{"data":"d.tsv","starred":["00000000000000ff"],"slices":[{"name":"a","ids":[]}],"added":[]}' > fuzz/corpus/session_loader/seed-0
{ printf '\x00'; cat src/app/keymap.toml; } > fuzz/corpus/config_loaders/keymap
{ printf '\x01'; cat src/app/layout.toml; } > fuzz/corpus/config_loaders/layout
printf 'film label:pos confidence:0.5-1 score:>2 genre:^dr id:0a' > fuzz/corpus/search_query/seed-0
