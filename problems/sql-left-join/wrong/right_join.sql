-- Keeps departments without employees and drops employees without a department.
SELECT e.name, d.dept_name
FROM Employees e
RIGHT JOIN Departments d ON d.id = e.dept_id;
