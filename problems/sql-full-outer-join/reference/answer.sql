SELECT e.name, d.dept_name
FROM Employees AS e
FULL OUTER JOIN Departments AS d ON d.id = e.dept_id;
