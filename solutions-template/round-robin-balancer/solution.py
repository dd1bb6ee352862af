class RoundRobin:
    def __init__(self, servers: list[str]):
        self.servers = list(servers)

    def next(self) -> str | None:
        # TODO: the next healthy server in turn, or None
        return None

    def mark_down(self, server: str) -> None:
        pass  # TODO

    def mark_up(self, server: str) -> None:
        pass  # TODO
