"""Tiered cultivation (梯度培育): the ladders, the three lists, the yearly calendar and batches,
applications through the year, and the weekly report."""
