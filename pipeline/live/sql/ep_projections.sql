-- BLS Employment Projections by occupation, one cycle replaced at a time (employment in persons, not thousands).
CREATE TABLE IF NOT EXISTS staging.ep_projections (
    cycle VARCHAR, soc_code VARCHAR, title VARCHAR, occupation_type VARCHAR, base_year BIGINT, projected_year BIGINT,
    employment_base BIGINT, employment_projected BIGINT, change_number BIGINT, change_percent DOUBLE,
    annual_openings BIGINT, median_annual_wage DOUBLE, source_file VARCHAR, source_line BIGINT,
    snapshot_sha256 VARCHAR
);
DELETE FROM staging.ep_projections WHERE cycle = $cycle;
INSERT INTO staging.ep_projections
SELECT cycle, soc_code, title, occupation_type, base_year, projected_year, employment_base, employment_projected,
       change_number, change_percent, annual_openings, median_annual_wage, source_file, source_line, $snapshot_sha256
FROM ep_projections_batch
