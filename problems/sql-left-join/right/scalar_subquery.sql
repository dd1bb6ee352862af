-- A correlated scalar subquery: NULL when no department matches.
SELECT e.name, (SELECT d.dept_name FROM Departments d WHERE d.id = e.dept_id) AS dept_name
FROM Employees e;
