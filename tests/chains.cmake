# Whole chains of real threads through wct.dll (issue 4): longer than the buffer, longer than
# WCT_MAX_NODE_COUNT, and the 9-node critical-section deadlock behind two joins.
wct_add_cmocka_test(test_chains_real SOURCES test_chains_real.c LIBS wct LABELS chains TIMEOUT 120)
# The edges of issue 9: self-join, an orphaned section, sections without debug info, I/O.
wct_add_cmocka_test(test_chains_edges SOURCES test_chains_edges.c LIBS wct LABELS chains TIMEOUT 120)
