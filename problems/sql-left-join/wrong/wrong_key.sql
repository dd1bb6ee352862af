-- Joins on the employee's id instead of their dept_id.
SELECT e.name, d.dept_name
FROM Employees e
LEFT JOIN Departments d ON d.id = e.id;
