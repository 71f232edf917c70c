import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeItem, toSummary } from '../api/fake';
import ItemList from './ItemList.svelte';

describe('ItemList', () => {
  it('moves with Up/Down and opens with Enter', async () => {
    const user = userEvent.setup();
    const onOpen = vi.fn();
    const items = ['a', 'b', 'c'].map((id) => toSummary(makeItem({ id, title: `Item ${id}`, summary: `About ${id}`, kind: 'rule' })));
    render(ItemList, { items, label: 'Items', onOpen });
    const rows = screen.getAllByTestId('item-row');
    expect(rows[1]).toHaveTextContent('Item b');
    expect(rows[1]).toHaveTextContent('About b');
    expect(rows[1]).toHaveTextContent('Rule');

    rows[0].focus();
    await user.keyboard('{ArrowDown}');
    expect(rows[1]).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(rows[2]).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(rows[1]).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledExactlyOnceWith('b');
    await user.keyboard('{Home}');
    expect(rows[0]).toHaveFocus();
  });
});
