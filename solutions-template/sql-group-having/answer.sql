-- sql-group-having: dept_name, employees, avg_salary for departments with at least two employees.
-- Tables: Departments(id, dept_name), Employees(id, name, salary, dept_id). One SELECT; SQLite.
SELECT dept_name, 0 AS employees, NULL AS avg_salary
FROM Departments;
