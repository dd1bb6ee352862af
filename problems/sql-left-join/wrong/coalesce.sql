-- Invents a value where the result must say NULL.
SELECT e.name, COALESCE(d.dept_name, 'No Department') AS dept_name
FROM Employees e
LEFT JOIN Departments d ON d.id = e.dept_id;
