-- sql-full-outer-join: every employee with their department, and departments without employees.
-- Tables: Departments(id, dept_name), Employees(id, name, dept_id). One SELECT statement; SQLite.
SELECT name, NULL AS dept_name
FROM Employees;
