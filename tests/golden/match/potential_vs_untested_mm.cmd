match --trials trials/NCT06497556-kras-g12c-divarasib.yaml --case $T/match/SYN-KRAS-02.json --case $T/match/SYN-NOSEQ-01.json --all --comparison-date 2026-11-29 --semantics matchminer
