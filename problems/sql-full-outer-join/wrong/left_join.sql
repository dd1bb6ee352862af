-- Loses the departments without employees.
SELECT e.name, d.dept_name
FROM Employees e
LEFT JOIN Departments d ON d.id = e.dept_id;
