-- Keeps employees without a department.
SELECT e.name, d.dept_name
FROM Employees e
LEFT JOIN Departments d ON d.id = e.dept_id;
