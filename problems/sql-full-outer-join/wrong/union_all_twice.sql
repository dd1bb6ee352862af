-- UNION ALL of both outer joins counts every matched pair twice.
SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id
UNION ALL
SELECT e.name, d.dept_name FROM Departments d LEFT JOIN Employees e ON d.id = e.dept_id;
