-- sql-inner-join: name and dept_name of every employee whose department exists.
-- Tables: Departments(id, dept_name), Employees(id, name, dept_id). One SELECT statement; SQLite.
SELECT name, NULL AS dept_name
FROM Employees;
