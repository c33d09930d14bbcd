# Whole chains of real threads through wct.dll (issue 4): longer than the buffer, longer than
# WCT_MAX_NODE_COUNT, and the 9-node critical-section deadlock behind two joins.
wct_add_cmocka_test(test_chains_real SOURCES test_chains_real.c LIBS wct LABELS chains TIMEOUT 120)
