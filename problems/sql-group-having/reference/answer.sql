SELECT d.dept_name, count(*) AS employees, avg(e.salary) AS avg_salary
FROM Departments AS d
JOIN Employees AS e ON e.dept_id = d.id
GROUP BY d.id
HAVING count(*) >= 2;
