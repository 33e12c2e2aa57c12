-- Every delivery leaves dead row versions in notice (the lease's and the pending one) and dead entries in its
-- indexes, and the dispatcher's lease scans the due index from its oldest entries. Measured in the fan-out
-- benchmark: each run of 10,000 deliveries is slower than the one before until the table is vacuumed (then the
-- next run is the fastest). The default trigger (20 % of the table dead) waits longer the more history the table
-- holds: 200,000 dead versions at 1 M notices. Vacuum this table after 10,000 dead versions plus 1 % of its rows.
ALTER TABLE notice SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 10000,
                        autovacuum_analyze_scale_factor = 0.02);
