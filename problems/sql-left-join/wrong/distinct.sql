-- Merges two different employees who share a name and a department.
SELECT DISTINCT e.name, d.dept_name
FROM Employees e
LEFT JOIN Departments d ON d.id = e.dept_id;
