-- Merges two employees who share a name.
SELECT DISTINCT e.name, d.dept_name
FROM Employees e
JOIN Departments d ON d.id = e.dept_id;
