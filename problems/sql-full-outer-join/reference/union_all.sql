-- The portable spelling: the LEFT JOIN, plus the departments nobody points at.
SELECT e.name, d.dept_name
FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id
UNION ALL
SELECT NULL, d.dept_name
FROM Departments d
WHERE NOT EXISTS (SELECT 1 FROM Employees e WHERE e.dept_id = d.id);
