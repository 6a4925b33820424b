-- 0002 — room names are unique in a setting whatever their case ("Office"
-- and "office" are one room to the people using them, and CSV imports
-- match room names in any case).
CREATE UNIQUE INDEX rooms_name_any_case ON rooms (setting_id, lower(name));
