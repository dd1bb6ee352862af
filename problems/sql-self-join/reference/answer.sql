SELECT e.name AS employee, m.name AS manager
FROM Employees AS e
LEFT JOIN Employees AS m ON m.id = e.manager_id;
