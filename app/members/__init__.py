"""Members' shared plans: what a chamber's staff see of the businesses that said yes."""
