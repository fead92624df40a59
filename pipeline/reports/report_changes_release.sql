-- The previous release (attached read-only as prev_release) the report compares against.
SELECT release_id FROM prev_release.curated.release_info
