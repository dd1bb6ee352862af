-- UNION removes duplicate rows that are different people or departments.
SELECT e.name, d.dept_name FROM Employees e LEFT JOIN Departments d ON d.id = e.dept_id
UNION
SELECT e.name, d.dept_name FROM Departments d LEFT JOIN Employees e ON d.id = e.dept_id;
