#!/usr/bin/env bash
# Rebuilds the agreement corpus (docs/agreement.md): ICPC/Kattis packages with jury submissions
# from fifteen public repositories at fixed commits, one package per folder of CORPUS, named
# SOURCE-PACKAGE (bt-, dj-, ke-, mz-, ppf-, pt-; gapc-, kw23- to kw25-, rm18- to rm22-,
# swerc25-). Nothing of it goes into this repository.
#
#   bench/agreement-corpus.sh CORPUS [--generate]
#
# --generate runs BAPCtools' `bt generate` in every package that ships generators.yaml and no
# secret test data (BAPCtools' own test problems; mzuenni's legacy packages are first upgraded
# with `bt upgrade`, as the current BAPCtools generates only the 2025-09 format). It needs
# BAPCtools' Python dependencies (pip install colorama python-dateutil ruamel.yaml questionary
# requests Pygments typing_extensions argcomplete vermin==1.8.0 checktestdata; some generators
# include Boost: apt-get install libboost-dev). Without it, such
# packages are skipped by bench/agreement.py, saying why.
# GIT_MIRRORS=DIR takes the repositories from DIR/OWNER+NAME/repo instead of GitHub.
set -euo pipefail
corpus=${1:?usage: bench/agreement-corpus.sh CORPUS [--generate]}
generate=${2:-}
repos=$(mktemp -d)
trap 'rm -rf "$repos"' EXIT
mkdir -p "$corpus"

fetch() { # OWNER/NAME COMMIT -> the checkout's path
  local dir="$repos/${1/\//+}"
  if [[ -n "${GIT_MIRRORS:-}" ]]; then
    export_tree "$GIT_MIRRORS/${1/\//+}/repo" "$2" "$dir"
  else
    git clone -q "https://github.com/$1" "$dir"
    git -C "$dir" checkout -q "$2"
  fi
  echo "$dir"
}

# A stored copy of a repository may lack its largest files (their blobs absent): the tree at
# COMMIT is written file by file, and the files it lacks are listed in DIR/.absent-files, so
# that a package missing some of its data is skipped whole (bench/agreement.py) rather than
# judged on part of it.
export_tree() { # GIT_DIR COMMIT DIR
  mkdir -p "$3"
  git -C "$1" ls-tree -r -z "$2" | while IFS= read -r -d '' line; do
    local meta=${line%%$'\t'*} path=${line#*$'\t'} mode type sha
    read -r mode type sha <<<"$meta"
    [[ "$type" == blob ]] || continue
    mkdir -p "$3/$(dirname "$path")"
    if [[ "$mode" == 120000 ]]; then
      ln -s "$(git -C "$1" cat-file blob "$sha")" "$3/$path"
    elif git -C "$1" cat-file blob "$sha" >"$3/$path" 2>/dev/null; then
      [[ "$mode" == 100755 ]] && chmod +x "$3/$path"
    else
      rm -f "$3/$path"
      printf '%s\n' "$path" >>"$3/.absent-files"
    fi
  done
}

take() { # CHECKOUT FOLDER PREFIX: every package (a folder with problem.yaml) below FOLDER
  for p in "$1/$2"/*/; do
    [[ -f "$p/problem.yaml" ]] || continue
    p=${p%/}
    local dest="$corpus/$3-$(basename "$p")"
    rm -rf "$dest"
    cp -r "$p" "$dest"
    if [[ -f "$1/.absent-files" ]]; then
      local rel=${p#"$1"/}
      grep "^${rel#./}/" "$1/.absent-files" >"$dest/.absent-files" || rm -f "$dest/.absent-files"
    fi
    # A link out of the package to a file of the same repository (BAPCtools' shared headers)
    # becomes that file, as the checkout resolves it (and as an exported package has it).
    (cd "$p" && find . -type l) | while read -r l; do
      t=$(readlink -f "$p/$l") || continue
      if [[ -f "$t" && "$t" != "$(readlink -f "$p")"/* ]]; then
        cp --remove-destination "$t" "$dest/$l"
      fi
    done
  done
}

take "$(fetch RagnarGrootKoerkamp/BAPCtools b6e8c800a23dbc8a99f2455fa54c49e2264cc6de)" test/problems bt
take "$(fetch Kattis/problemtools a185fe9741dd28ba838a7bd21ab98b11211f6521)" examples pt
d=$(fetch DOMjudge/domjudge a023fd3ec375f6baec9a1293dfd2ba12c76a51b2)
take "$d" example_problems dj
take "$d" example_scoring_problems dj
mz=$(fetch mzuenni/icpc-problems 99db673945624626d35d8f571350b2090db21b09)
take "$mz" . mz
take "$(fetch Kattis/problem-package-format b03c6a2f0162f4a087b95c48444daa1045d87477)" examples/problems ppf
# The jury's own exports of GCPC 2021-2023 and NWERC 2023 (test data included). A problem also
# in mzuenni/icpc-problems is taken from here only: the same jury submissions, with the jury's
# data instead of data generated again.
ke=$(fetch mzuenni/kattis-export 0a53ae4e92ced2a183b303c73376ea89c1a8a10a)
for contest in gcpc2021 gcpc2022 gcpc2023 nwerc2023; do
  take "$ke" "$contest" ke
done
for p in "$corpus"/ke-*/; do
  p=${p%/}
  rm -rf "$corpus/mz-${p##*/ke-}"
done

# Later contest archives with their juries' data and submissions (2018-2025): the Rocky
# Mountain Regional (North America), SWERC 2025 as exported for Kattis, the Karwa contests
# (BAPCtools) and GAPC.
take "$(fetch icpc/na-rocky-mountain-2018-public 416a94258f99ab68ff7d9777faca55c94cdaf5f5)" problems rm18
take "$(fetch icpc/na-rocky-mountain-2019-public daff77263decd076147dda943d5720ced65b6f3a)" problems rm19
take "$(fetch icpc/na-rocky-mountain-2020-public 82ec342bf1d63541a6e513d2c6eaf6c0b81af351)" problems rm20
take "$(fetch icpc/na-rocky-mountain-2022-2023-public f89e714870361724a4bd8359fb552464439a938d)" problems rm22
take "$(fetch xtof-durr/Kattis-SWERC-2025 214afcbbbaf644ecb8160d70141edb3ef3f162e6)" . swerc25
take "$(fetch karwa-org/karwa2023 a86cd5d7c850203da0e0a25e20630f631282edf0)" . kw23
take "$(fetch karwa-org/karwa2024 da14ca8dc76e5cc22170ba9c323bd9c6c20f72ea)" . kw24
take "$(fetch karwa-org/karwa2025 b2ff09a64328906689ca19da76f3fe61c20078bd)" . kw25
take "$(fetch EraChanZ/GAPC_problemset 5b555a6089e9605c933cbf8fd397a1f85638c84e)" . gapc

if [[ "$generate" == "--generate" ]]; then
  # BAPCtools wants a folder name of [a-z0-9] only: each package is generated in a copy named
  # without its prefix, then put back.
  bt=(python3 "$repos/RagnarGrootKoerkamp+BAPCtools/bin/tools.py")
  work=$(mktemp -d)
  for p in "$corpus"/*/; do
    p=${p%/}
    [[ -f "$p/generators/generators.yaml" ]] || continue
    [[ -n "$(find "$p/data/secret" -name '*.in' 2>/dev/null | head -1)" ]] && continue
    echo "== generating $(basename "$p")"
    name=$(basename "$p"); name=${name#*-}; w="$work/${name//_/}"
    cp -r "$p" "$w"
    # Some of mzuenni's generators include headers linked from outside the repository (the
    # contest's scripts/ or skel/ folder): they get the repository's own copy from the nearest
    # contest (Winter Contest 2024's validate.h, NWERC 2023's graph_gen.h).
    find "$w" -xtype l -name validate.h -exec cp --remove-destination \
      "$mz/euroexpress/generators/random/validate.h" {} \;
    find "$w" -xtype l -name graph_gen.h -exec cp --remove-destination \
      "$mz/isolatedisland/generators/graph/graph_gen.h" {} \;
    if ! grep -q '^problem_format_version: *2025' "$w/problem.yaml"; then
      (cd "$w" && "${bt[@]}" upgrade) || true
    fi
    (cd "$w" && "${bt[@]}" generate --no-bar -j 1 --no-visualizer --no-validators --timeout 300) || true
    rm -rf "$p" && mv "$w" "$p"
  done
  rm -rf "$work"
fi
echo "corpus in $corpus: $(ls "$corpus" | wc -l) packages"
