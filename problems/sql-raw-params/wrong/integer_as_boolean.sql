-- An INTEGER flag used as a boolean: SQLite accepts it, PostgreSQL wants is_active = 1.
SELECT id, name FROM Users WHERE is_active AND age >= :min_age;
