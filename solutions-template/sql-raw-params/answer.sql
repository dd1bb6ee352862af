-- sql-raw-params: id and name of every active user (is_active = 1) whose age is at least :min_age.
-- Table: Users(id, name, age, is_active). Use the placeholder :min_age, not its value. SQLite.
SELECT id, name
FROM Users;
